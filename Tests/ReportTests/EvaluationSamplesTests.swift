import Foundation
import Optimize
import XCTest
@testable import Report

/// An online run's own evaluation samples feed the completions table and histograms: step 0, the
/// exact peak step and the last evaluation, the same prompts each time.
final class EvaluationSamplesTests: XCTestCase {
    func sample(_ i: Int, step: Int) -> EvaluationSample {
        EvaluationSample(sample: i, prompt: "prompt \(i)", family: "describe", completion: "answer \(i) at \(step)",
                         proxyReward: Double(step) / 10, memberRewards: [Double(step) / 10], goldReward: Double(i) - Double(step) / 100,
                         kl: Double(step) / 20, responseLength: 3 + i, refused: false)
    }

    func testPicksFirstPeakAndLastEvaluations() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for step in [0, 2, 4, 8] {
            try EvaluationSample.write((0..<3).map { sample($0, step: step) }, to: EvaluationSample.url(run: folder, step: step))
        }
        let files = RunFiles(url: folder, config: .object([:]), summary: nil)
        let loaded = try XCTUnwrap(try EvaluationSamples.load(run: files, peakStep: 4, shown: 2))
        XCTAssertEqual(loaded.map(\.label), ["step 0", "step 4 (peak)", "step 8 (end)"])
        XCTAssertEqual(loaded[1].shown.map(\.completion), ["answer 0 at 4", "answer 1 at 4"])
        XCTAssertEqual(loaded[2].proxy, [0.8, 0.8, 0.8])
        XCTAssertEqual(loaded[0].gold, [0, 1, 2])
        XCTAssertEqual(loaded[0].lengths, [3, 4, 5])
        // A peak that was not evaluated (or is the start) adds nothing; a run without files gives nil.
        XCTAssertEqual(try EvaluationSamples.load(run: files, peakStep: 3, shown: 1)?.map(\.label), ["step 0", "step 8 (end)"])
        let empty = RunFiles(url: folder.appendingPathComponent("none"), config: .object([:]), summary: nil)
        XCTAssertNil(try EvaluationSamples.load(run: empty, peakStep: nil, shown: 1))
        // A corrupt file is an error naming the run.
        try Data("{not json\n".utf8).write(to: EvaluationSample.url(run: folder, step: 8))
        XCTAssertThrowsError(try EvaluationSamples.load(run: files, peakStep: 4, shown: 1))
    }
}
