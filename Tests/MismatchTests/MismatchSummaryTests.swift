import Foundation
import XCTest
@testable import Mismatch

final class MismatchSummaryTests: XCTestCase {
    func fixtureSummary() throws -> MismatchSummary {
        try MismatchAnalysis.analyze(runs: (MismatchFixtures.onlineRuns + ["bon-single"]).map(MismatchFixtures.run),
                                     rewardEvaluations: [MismatchFixtures.folder.appendingPathComponent("rm-eval.json")])
    }

    func testAnalysisBundlesEveryRun() throws {
        let summary = try fixtureSummary()
        XCTAssertEqual(summary.runs.map(\.name), MismatchFixtures.onlineRuns + ["bon-single"])
        XCTAssertEqual(summary.rewardEvaluations.count, 1)
        XCTAssertNil(summary.runs.last?.alarm)
        XCTAssertEqual(summary.alarmValidation?.runs.count, MismatchFixtures.onlineRuns.count)
        XCTAssertEqual(summary.runs[0].verdict,
                       "rloo-single-s0: proxy 0.240 → 0.833; gold peaked at step 10 (KL 0.45) and ended 0.256 below it (-3.9 SE, independent): the ceiling; "
                       + "manifestation: Verbosity: answers grew longer while gold reward fell; alarm warned at step 15 (KL 0.68) on proxy_slope.")
        XCTAssertTrue(summary.runs[3].verdict.contains("gold rose to the end"))
        XCTAssertTrue(summary.runs[5].verdict.contains("n = 16"))
        XCTAssertTrue(summary.runs[5].verdict.contains("paired"))
    }

    func testUWOIsComparedWithTheSingleRunOfItsSeedOrTheFirst() throws {
        let summary = try fixtureSummary()
        // The UWO fixture has seed 2, no single run has: it is compared with the first single run.
        XCTAssertEqual(summary.comparisons.map(\.run), ["rloo-uwo-s0"])
        let comparison = try XCTUnwrap(summary.comparisons.first)
        XCTAssertEqual(comparison.baseline, "rloo-single-s0")
        let uwo = summary.runs[2].curve.goldPeak!, single = summary.runs[0].curve.goldPeak!
        XCTAssertEqual(try XCTUnwrap(comparison.finalGoldDifference?.value), uwo.endValue.value - single.endValue.value, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(comparison.finalGoldDifference?.standardError), (2 * 0.047 * 0.047).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(comparison.peakGoldDifference?.value), uwo.peakValue.value - single.peakValue.value, accuracy: 1e-12)
        XCTAssertGreaterThan(try XCTUnwrap(comparison.finalGoldDifferenceInStandardErrors), 2, "the ensemble ends higher")
        XCTAssertEqual(comparison.standardErrorMethod, "independent")
        XCTAssertEqual(comparison.objective, "uwo")
        XCTAssertEqual(summary.objectiveComparisons.map(\.objective), ["uwo"])
    }

    /// With the last evaluation's sample files of both runs (same prompts), the final difference gets the
    /// paired SE; a sample answering another prompt means the held-out sets differ: back to independent.
    func testFinalDifferenceIsPairedWhenBothRunsKeptTheirSamples() throws {
        let folder = try TemporaryFolder()
        let names = ["rloo-single-s0", "rloo-uwo-s0"]
        for name in names { try FileManager.default.copyItem(at: MismatchFixtures.run(name), to: folder.url.appendingPathComponent(name)) }
        func writeLast(_ name: String, _ gold: [Double], prompts: [String] = ["a", "b", "c", "d"]) throws {
            let run = folder.url.appendingPathComponent(name)
            let last = try XCTUnwrap(try RunRecord.read(run).evaluations.last?.index)
            try FileManager.default.createDirectory(at: run.appendingPathComponent("evaluations"), withIntermediateDirectories: true)
            let lines = gold.enumerated().map { "{\"sample\":\($0.offset),\"gold_reward\":\($0.element),\"prompt\":\"\(prompts[$0.offset])\"}" }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: run.appendingPathComponent("evaluations/step-\(last).jsonl"))
        }
        // uwo − single per sample: 0.1, 0.3, 0.2, 0.2 → sd √(0.02/3), SE sd/2.
        try writeLast("rloo-single-s0", [0.0, -0.5, 0.1, 0.3])
        try writeLast("rloo-uwo-s0", [0.1, -0.2, 0.3, 0.5])
        func comparison() throws -> RunComparison {
            try XCTUnwrap(MismatchAnalysis.analyze(runs: names.map { folder.url.appendingPathComponent($0) }).comparisons.first)
        }
        let paired = try comparison()
        XCTAssertEqual(paired.standardErrorMethod, "paired")
        XCTAssertEqual(try XCTUnwrap(paired.finalGoldDifference?.standardError), (0.02 / 3).squareRoot() / 2, accuracy: 1e-12)
        // The value stays the difference of the runs' own rows (what the curves show).
        let uwo = try fixtureSummary().comparisons[0]
        XCTAssertEqual(try XCTUnwrap(paired.finalGoldDifference?.value), try XCTUnwrap(uwo.finalGoldDifference?.value), accuracy: 1e-12)
        try writeLast("rloo-uwo-s0", [0.1, -0.2, 0.3, 0.5], prompts: ["a", "b", "x", "d"])
        XCTAssertEqual(try comparison().standardErrorMethod, "independent")
    }

    func testObjectiveComparisonsAverageOverSeeds() throws {
        func pair(_ run: String, _ objective: String, _ final: Double, _ se: Double?) -> RunComparison {
            let difference = Estimate(value: final, standardError: se)
            return RunComparison(baseline: "single", run: run, objective: objective, finalGoldDifference: difference,
                                 finalGoldDifferenceInStandardErrors: se.map { final / $0 }, peakGoldDifference: difference,
                                 finalProxyDifference: nil, standardErrorMethod: "independent")
        }
        let all = ObjectiveComparison.aggregate([pair("u0", "uwo", 0.06, 0.03), pair("w0", "wco", -0.1, nil), pair("u1", "uwo", -0.02, 0.04),
                                                 pair("u2", "uwo", 0.05, 0.02)])
        XCTAssertEqual(all.map(\.objective), ["uwo", "wco"])
        let uwo = all[0]
        XCTAssertEqual(uwo.runs, ["u0", "u1", "u2"])
        XCTAssertEqual(uwo.meanFinalGoldDifference.value, 0.03, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(uwo.meanFinalGoldDifference.standardError), (0.0009 + 0.0016 + 0.0004).squareRoot() / 3, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(uwo.lowestFinalGoldDifferenceInStandardErrors), -0.5, accuracy: 1e-12)
        XCTAssertNil(all[1].meanFinalGoldDifference.standardError)
        XCTAssertNil(all[1].lowestFinalGoldDifferenceInStandardErrors)
    }

    func testWritesSnakeCaseJSONThatReadsBack() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent(MismatchSummary.fileName)
        let summary = try fixtureSummary()
        try summary.write(to: url)
        XCTAssertEqual(try MismatchSummary.read(url), summary)
        let text = try String(contentsOf: url, encoding: .utf8)
        for key in ["\"alarm_validation\"", "\"end_minus_peak_in_se\"", "\"gold_fits\"", "\"r_squared\"", "\"peak_kl\"", "\"warn_step\"",
                    "\"shift_in_se\"", "\"reward_evaluations\"", "\"final_gold_difference\"", "\"sqrt_kl\"", "\"se_method\""] {
            XCTAssertTrue(text.contains(key), key)
        }
        XCTAssertFalse(text.contains("endMinusPeak"))
        XCTAssertFalse(text.contains("standardError"))
        // Same inputs, same bytes.
        let again = folder.url.appendingPathComponent("again.json")
        try fixtureSummary().write(to: again)
        XCTAssertEqual(try Data(contentsOf: url), try Data(contentsOf: again))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
        XCTAssertEqual(leftovers, ["again.json", "mismatch.json"], "no temporary files left behind")
    }

    func testErrors() throws {
        XCTAssertThrowsError(try MismatchAnalysis.analyze(runs: [])) { XCTAssertEqual($0 as? MismatchError, .noRuns) }
        let folder = try TemporaryFolder()
        let missing = folder.url.appendingPathComponent("absent/mismatch.json")
        XCTAssertThrowsError(try fixtureSummary().write(to: missing)) { error in
            guard case .writeFailed(let path, _)? = error as? MismatchError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, missing.path)
        }
        XCTAssertThrowsError(try MismatchSummary.read(missing)) { XCTAssertEqual($0 as? MismatchError, .missingFile(path: missing.path)) }
        let bad = folder.url.appendingPathComponent("bad.json")
        try Data("{\"version\": 1}".utf8).write(to: bad)
        XCTAssertThrowsError(try MismatchSummary.read(bad)) { error in
            guard case .malformedJSON(let path, nil, _)? = error as? MismatchError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, bad.path)
        }
        // A bad run among good ones: the error names the bad run's file.
        let broken = try folder.run("broken", files: ["config.json": "{\"method\": \"rloo\"}", "metrics.jsonl": "{\"step\": 0}\n{"])
        XCTAssertThrowsError(try MismatchAnalysis.analyze(runs: [MismatchFixtures.run("rloo-single-s0"), broken])) { error in
            XCTAssertEqual(error as? MismatchError, .malformedJSON(path: broken.appendingPathComponent("metrics.jsonl").path, line: 2, reason: "invalid JSON"))
        }
    }
}
