import Foundation
import XCTest
@testable import Mismatch

final class LinkMatrixTests: XCTestCase {
    func testCorrelationsMatchScipyOnTheFixtureRuns() throws {
        for name in MismatchFixtures.onlineRuns {
            let run = try RunRecord.read(MismatchFixtures.run(name))
            let matrix = LinkMatrix.measure(run.evaluations)
            let expected = try XCTUnwrap(try MismatchFixtures.expected(name)["correlations"] as? [String: [String: Any]])
            XCTAssertEqual(expected.count, 28)
            for (key, reference) in expected {
                let names = key.split(separator: "|").map(String.init)
                let correlation = try XCTUnwrap(matrix.correlation(names[0], names[1]), "\(name) \(key)")
                XCTAssertEqual(correlation.n, reference["n"] as? Int, "\(name) \(key)")
                XCTAssertEqual(try XCTUnwrap(correlation.pearson), try XCTUnwrap(reference["pearson"] as? Double), accuracy: 1e-9, "\(name) \(key)")
                XCTAssertEqual(try XCTUnwrap(correlation.spearman), try XCTUnwrap(reference["spearman"] as? Double), accuracy: 1e-9, "\(name) \(key)")
                XCTAssertEqual(matrix.correlation(names[1], names[0]), correlation, "symmetric")
            }
        }
    }

    func testRolesAndLinks() throws {
        let run = try RunRecord.read(MismatchFixtures.run("rloo-single-s0"))
        let matrix = LinkMatrix.measure(run.evaluations)
        // Hedging and confident-wrong rates are not in the rows: left out, not reported as nil.
        XCTAssertEqual(matrix.variables.map(\.name), ["proxy_reward", "sqrt_kl", "response_length", "refusal_rate", "entropy",
                                                      "gold_reward", "task_accuracy", "false_refusal_rate", "harmful_compliance_rate"])
        XCTAssertEqual(matrix.links.map(\.name), ["reward_model ↔ policy", "reward_model ↔ evaluation", "policy ↔ evaluation"])
        XCTAssertEqual(matrix.links[0].entries.count, 4)
        XCTAssertEqual(matrix.links[1].entries.count, 4)
        XCTAssertEqual(matrix.links[2].entries.count, 16)
        // Entropy is constant in the fixture: its correlations are undefined, the diagonal too.
        let entropy = try XCTUnwrap(matrix.variables.firstIndex { $0.name == "entropy" })
        XCTAssertNil(matrix.pearson[entropy][0])
        XCTAssertNil(matrix.pearson[entropy][entropy])
        XCTAssertEqual(matrix.pearson[0][0], 1)
        // The reward model ↔ evaluation link of an overoptimized run: proxy up while gold goes down.
        let proxyGold = try XCTUnwrap(matrix.correlation("proxy_reward", "gold_reward"))
        XCTAssertLessThan(try XCTUnwrap(proxyGold.spearman), 0)
        let healthy = LinkMatrix.measure(try RunRecord.read(MismatchFixtures.run("rloo-healthy-s3")).evaluations)
        XCTAssertGreaterThan(try XCTUnwrap(healthy.correlation("proxy_reward", "gold_reward")?.spearman), 0.8)
    }

    func testCorrelationByHand() {
        // Ties share their average rank: ranks of [1, 2, 2, 3] are [1, 2.5, 2.5, 4].
        XCTAssertEqual(Correlation.ranks([1, 2, 2, 3]), [1, 2.5, 2.5, 4])
        XCTAssertEqual(Correlation.ranks([3, 1, 3, 3]), [3, 1, 3, 3])
        let monotone = Correlation.of([1, 2, 3, 4], [1, 4, 9, 100])
        XCTAssertEqual(monotone.spearman ?? 0, 1, accuracy: 1e-12)
        XCTAssertLessThan(monotone.pearson ?? 1, 0.9)
        XCTAssertEqual(Correlation.of([1, 2, 3], [3, 2, 1]).pearson ?? 0, -1, accuracy: 1e-12)
        XCTAssertEqual(Correlation.of([1, 2], [1, 2]), Correlation(pearson: nil, spearman: nil, n: 2))
        XCTAssertNil(Correlation.of([1, 1, 1], [1, 2, 3]).pearson)
        XCTAssertEqual(Correlation.of([0.1 + 0.2, 0.3, 0.30000000000000004], [1, 2, 3]), Correlation(pearson: nil, spearman: nil, n: 3),
                       "rounding noise is still constant")
    }
}
