import Foundation
import XCTest
@testable import Model
@testable import Tensor
@testable import Tokenizer
@testable import Train

/// A run killed part-way and resumed ends bitwise identical to an uninterrupted run.
final class ResumeTests: XCTestCase {
    struct Killed: Error {}

    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let words = ["the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "far"]
        var generator = Xoshiro256StarStar(seed: 9)
        let text = (0..<3000).map { _ in words[Int(generator.next() % 10)] }.joined(separator: " ")
        try text.write(to: folder.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
        try ByteLevelBPETokenizer.train(text: text, vocabSize: 300).write(to: folder.appendingPathComponent("tokenizer.json"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func config(out: String) -> SFTConfig {
        var config = SFTConfig()
        config.data = folder.appendingPathComponent("data.txt").path
        config.tokenizer = folder.appendingPathComponent("tokenizer.json").path
        config.modelConfig = "tiny"
        config.steps = 24
        config.batchSize = 4
        config.sequenceLength = 32
        config.warmupSteps = 4
        config.evalEvery = 5
        config.checkpointEvery = 8
        config.seed = 21
        config.out = folder.appendingPathComponent(out).path
        return config
    }

    func testKilledAndResumedRunMatchesUninterruptedRun() throws {
        try SFTRun(config: config(out: "whole")).run()

        // Killed after step 13 was logged: the newest checkpoint is step 8; rows 8…13 get rewritten.
        XCTAssertThrowsError(try SFTRun(config: config(out: "killed")).run { event in
            if case let .step(metrics) = event, metrics.step == 13 { throw Killed() }
        })
        let killed = folder.appendingPathComponent("killed")
        // A kill can also tear the last metrics line.
        let handle = try FileHandle(forWritingTo: killed.appendingPathComponent("metrics.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"grad_norm":0.5,"lo"#.utf8))
        try handle.close()
        XCTAssertEqual(RunDirectory.stepCheckpoints(at: killed).map(\.step), [8])
        try SFTRun(resuming: killed).run()

        let whole = folder.appendingPathComponent("whole")
        for file in ["metrics.jsonl", "checkpoints/final/model.safetensors", "checkpoints/step-00000024/optimizer.safetensors",
                     "checkpoints/step-00000024/trainer_state.json", "summary.json", "config.json"] {
            XCTAssertEqual(try Data(contentsOf: whole.appendingPathComponent(file)), try Data(contentsOf: killed.appendingPathComponent(file)).replacing(Data("killed".utf8), with: Data("whole".utf8)), file)
        }
        let rows = try String(contentsOf: killed.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.count, 24)
    }

    func testInitStartsFromAModelDirectory() throws {
        try SFTRun(config: config(out: "base")).run()
        let base = folder.appendingPathComponent("base/checkpoints/final")
        var tune = config(out: "tune")
        tune.initFrom = base.path
        tune.steps = 2
        tune.learningRate = 0  // no update: the result must be the starting model itself
        tune.minimumLearningRate = 0
        try SFTRun(config: tune).run()
        let tuned = folder.appendingPathComponent("tune/checkpoints/final/model.safetensors")
        XCTAssertEqual(try Data(contentsOf: tuned), try Data(contentsOf: base.appendingPathComponent("model.safetensors")))
        var fresh = tune
        fresh.initFrom = nil
        fresh.out = folder.appendingPathComponent("fresh").path
        try SFTRun(config: fresh).run()
        XCTAssertNotEqual(try Data(contentsOf: folder.appendingPathComponent("fresh/checkpoints/final/model.safetensors")), try Data(contentsOf: tuned))
    }

    func testNewRunRefusesAnExistingRunAndResumeNeedsACheckpoint() throws {
        var short = config(out: "short")
        short.steps = 3
        short.checkpointEvery = 100
        XCTAssertThrowsError(try SFTRun(config: short).run { event in
            if case .step = event { throw Killed() }
        })
        XCTAssertThrowsError(try SFTRun(resuming: URL(fileURLWithPath: short.out)).run()) {
            XCTAssertEqual($0 as? RunDirectoryError, .noCheckpoint(path: short.out))
        }
        XCTAssertThrowsError(try SFTRun(config: short).run()) {
            XCTAssertEqual($0 as? RunDirectoryError, .alreadyExists(path: short.out))
        }
        XCTAssertThrowsError(try SFTRun(resuming: folder.appendingPathComponent("nothing-here"))) {
            guard case .notARun? = $0 as? RunDirectoryError else { return XCTFail("\($0)") }
        }
    }
}
