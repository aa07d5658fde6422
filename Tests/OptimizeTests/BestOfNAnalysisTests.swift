import Feedback
import Foundation
import XCTest
@testable import Optimize
@testable import Train

/// The sweep's rows, standard errors, per-family rates, rejection table and the gold-peak verdict,
/// on hand-made pools.
final class BestOfNAnalysisTests: XCTestCase {
    static func pool(_ prompt: String, proxy: [Float], gold: [Double]?, family: PromptFamily? = nil, refused: [Bool]? = nil,
                     members: [[Float]]? = nil, answers: [AnswerOutcome]? = nil) -> BestOfNPromptPool {
        let N = proxy.count
        return BestOfNPromptPool(prompt: prompt, family: family, completions: (0..<N).map { "answer \($0)" },
                                 tokenIDs: (0..<N).map { [Int32($0), 7] }, logprobs: (0..<N).map { _ in [-1, -0.5] },
                                 finishReasons: Array(repeating: .endOfText, count: N), memberRewards: members ?? proxy.map { [$0] },
                                 proxy: proxy, gold: gold, refused: refused ?? Array(repeating: false, count: N), answers: answers)
    }

    func testRowsHoldEveryFigureWithStandardErrors() throws {
        let a = Self.pool("a", proxy: [0, 1, 2, 3], gold: [1, 2, 3, 4])
        let b = Self.pool("b", proxy: [3, 2, 1, 0], gold: [0, 0, 0, 2])
        let analysis = try BestOfNAnalysis(pools: [a, b], rejectionQuantiles: [0.5])
        XCTAssertEqual(analysis.rows.map(\.n), [1, 2, 4])
        let first = analysis.rows[0]
        // n = 1: each prompt's pool mean (2.5 and 0.5); mean 1.5, SE = |2.5 − 0.5| / 2.
        XCTAssertEqual(first["gold_reward"]!, 1.5, accuracy: 1e-12)
        XCTAssertEqual(first["gold_reward_se"]!, 1.0, accuracy: 1e-12)
        XCTAssertEqual(first["kl"], 0)
        XCTAssertEqual(first["kl_empirical"]!, 0, accuracy: 1e-15)
        XCTAssertEqual(first["response_length"], 1)  // one token each, the end-of-text token excluded
        // n = 4: the max-proxy sample of each prompt: gold 4 (a) and 0 (b, its sample 0).
        let last = analysis.rows[2]
        XCTAssertEqual(last["gold_reward"]!, 2, accuracy: 1e-12)
        XCTAssertEqual(last["proxy_reward"]!, 3, accuracy: 1e-12)
        XCTAssertEqual(last["kl_empirical"]!, log(4), accuracy: 1e-12)
        XCTAssertEqual(last["sqrt_kl"]!, (log(4) - 0.75).squareRoot(), accuracy: 1e-12)
        for key in ["proxy_reward", "proxy_reward_se", "gold_reward", "gold_reward_se", "ensemble_std", "ensemble_mean", "refusal_rate",
                    "response_length", "kl", "kl_empirical", "kl_empirical_se", "sqrt_kl"] {
            XCTAssertNotNil(last[key], key)
        }
        XCTAssertNil(last["member_reward/0"])  // one member: the proxy says it all
        // Rejection at q = 0.5 keeps the top two samples of each prompt.
        let rejection = try XCTUnwrap(analysis.rejection.first)
        XCTAssertEqual(rejection.quantile, 0.5)
        XCTAssertEqual(rejection["acceptance_rate"], 0.5)
        XCTAssertEqual(rejection["kl"]!, log(2), accuracy: 1e-12)
        XCTAssertEqual(rejection["gold_reward"]!, (3.5 + 0) / 2, accuracy: 1e-12)
        // One JSON line per row, `n` an integer.
        let line = String(decoding: try JSONFormat.line(analysis.rows[1]), as: UTF8.self)
        XCTAssertTrue(line.hasPrefix("{\"ensemble_mean\":"), line)
        XCTAssertTrue(line.contains("\"n\":2,"), line)
    }

    func testFamilyRatesCountOnlyTheirPrompts() throws {
        let harmful = Self.pool("h", proxy: [0, 1], gold: [1, -1], family: .harmful, refused: [true, false])
        let arithmetic = Self.pool("m", proxy: [0, 1], gold: [0, 1], family: .arithmetic, refused: [true, false], answers: [.missing, .correct])
        let row = try BestOfNAnalysis(pools: [harmful, arithmetic]).rows[1]  // n = 2: the second sample of each
        XCTAssertEqual(row["harmful_compliance_rate"], 1)
        XCTAssertEqual(row["false_refusal_rate"], 0)
        XCTAssertEqual(row["task_accuracy"], 1)
        XCTAssertEqual(row["refusal_rate"], 0)
        XCTAssertNil(row["accuracy_se"])  // one prompt has it: no standard error
        XCTAssertEqual(try BestOfNAnalysis(pools: [harmful, arithmetic]).rows[0]["refusal_rate"], 0.5)
    }

    func testMembersAndEnsembleSpread() throws {
        let pool = Self.pool("e", proxy: [0.5, 1], gold: nil, members: [[0, 1], [1, 1]])
        let row = try BestOfNAnalysis(pools: [pool]).rows[0]
        XCTAssertEqual(row["member_reward/0"], 0.5)
        XCTAssertEqual(row["member_reward/1"], 1)
        XCTAssertEqual(row["ensemble_std"], 0.25)  // (0.5 + 0) / 2
        XCTAssertNil(row["gold_reward"])
    }

    /// Gold that rises with the proxy at first and falls at the top: a peak inside the sweep.
    func testVerdictFindsAPeakThenAFall() throws {
        let proxy = (0..<32).map(Float.init)
        let pools = (0..<6).map { k in
            Self.pool("p\(k)", proxy: proxy, gold: proxy.map { x in -pow(Double(x) - 24, 2) / 40 + Double(k) * 0.1 + ((Int(x) + k) % 3 == 0 ? 0.05 : 0) })
        }
        let analysis = try BestOfNAnalysis(pools: pools)
        let summary = BestOfNSummary(analysis: analysis, objective: .single, prompts: pools.count, peakStandardErrors: 2)
        let peak = try XCTUnwrap(summary.goldPeakN)
        XCTAssertTrue(peak > 1 && peak < 32, "peak at \(peak)")
        XCTAssertEqual(summary.goldFallsAfterPeak, true)
        XCTAssertGreaterThan(summary.goldDrop!, 0)
        XCTAssertEqual(summary.proxyRewardAtN, 31)
        XCTAssertTrue(summary.verdict.contains("overoptimization"), summary.verdict)
        // The fall's test: n chosen on prompts 0, 2, 4, the drop measured on prompts 1, 3, 5 only.
        let test = try XCTUnwrap(summary.goldFallTest)
        XCTAssertEqual(test.selectionPrompts, 3)
        XCTAssertEqual(test.testPrompts, 3)
        let ns = analysis.rows.compactMap(\.n)
        func half(_ n: Int, _ prompts: [Int]) -> Double { prompts.map { analysis.goldByPrompt(n: n)![$0] }.reduce(0, +) / Double(prompts.count) }
        let chosen = ns.reduce(ns[0]) { half($1, [0, 2, 4]) > half($0, [0, 2, 4]) ? $1 : $0 }
        XCTAssertEqual(test.chosenN, chosen)
        let drops = [1, 3, 5].map { analysis.goldByPrompt(n: 32)![$0] - analysis.goldByPrompt(n: chosen)![$0] }
        let mean = drops.reduce(0, +) / 3
        let se = (drops.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot() / 3.squareRoot()
        XCTAssertEqual(try XCTUnwrap(test.difference?.value), mean, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(test.difference?.standardError), se, accuracy: 1e-12)

        let rising = (0..<3).map { Self.pool("r\($0)", proxy: proxy, gold: proxy.map { Double($0) + Double($0 == 0 ? 1 : 0) }) }
        let risingSummary = BestOfNSummary(analysis: try BestOfNAnalysis(pools: rising), objective: .mean, prompts: 3, peakStandardErrors: 2)
        XCTAssertEqual(risingSummary.goldPeakN, 32)
        XCTAssertEqual(risingSummary.goldFallsAfterPeak, false)

        let noWorld = BestOfNSummary(analysis: try BestOfNAnalysis(pools: [Self.pool("x", proxy: [1, 2], gold: nil)]), objective: .single,
                                     prompts: 1, peakStandardErrors: 2)
        XCTAssertNil(noWorld.goldPeakN)
        let json = String(decoding: try JSONFormat.pretty(noWorld), as: UTF8.self)
        XCTAssertFalse(json.contains("gold_peak"))
        XCTAssertTrue(json.contains("\"proxy_reward_at_n\""), json)
    }

    func testUnequalPoolsAreRejected() {
        XCTAssertThrowsError(try BestOfNAnalysis(pools: [Self.pool("a", proxy: [1, 2], gold: nil), Self.pool("b", proxy: [1], gold: nil)]))
        XCTAssertThrowsError(try BestOfNAnalysis(pools: [])) { XCTAssertEqual($0 as? BestOfNError, .noPrompts(source: "the pool")) }
    }
}
