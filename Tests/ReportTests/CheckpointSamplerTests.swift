import Foundation
import Model
import Optimize
import Reward
import Tensor
import Tokenizer
import XCTest
@testable import Report

/// Samples from a tiny random GPT saved as an online run's reference and checkpoints; one-letter
/// prompts keep it fast in debug builds.
final class CheckpointSamplerTests: XCTestCase {
    struct LetterShare: RewardFunction {
        var memberCount: Int { 1 }
        static func score(_ text: String) -> Float {
            let scalars = Array(text.unicodeScalars)
            return scalars.isEmpty ? 0 : Float(scalars.filter { ("a"..."z").contains($0) }.count) / Float(scalars.count)
        }
        func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] { completions.map { [Self.score($0)] } }
    }

    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-report-sampler-\(UUID().uuidString)")
        let text = (0..<40).map { "\(["a", "b", "c", "d"][$0 % 4]): the answer is \($0 % 7).<|endoftext|>" }.joined()
        let tokenizer = try ByteLevelBPETokenizer.train(text: text, vocabSize: 290)
        var config = GPTConfig(vocabularySize: tokenizer.vocabSize, contextLength: 24, layerCount: 1, headCount: 2, embeddingWidth: 16)
        config.eosTokenID = tokenizer.specialTokenID("<|endoftext|>")
        for (name, seed) in [("policy", 1), ("run/checkpoints/step-00000002", 1), ("run/checkpoints/final", 2)] as [(String, UInt64)] {
            let model = try GPT(config: config)
            var generator = Xoshiro256StarStar(seed: seed)
            model.initializeWeights(generator: &generator)
            let directory = folder.appendingPathComponent(name)
            try ModelDirectory.save(model, to: directory)
            try AtomicFile.write(try tokenizer.tokenizerJSON(), to: directory.appendingPathComponent("tokenizer.json"))
        }
        let prompts = folder.appendingPathComponent("letters.jsonl")
        try ["a", "b", "c", "d"].map { "{\"prompt\": \"\($0)\"}" }.joined(separator: "\n").write(to: prompts, atomically: true, encoding: .utf8)
        var settings = OnlineSettings()
        settings.policy = folder.appendingPathComponent("policy").path
        settings.rewards = ["stand-in"]
        settings.prompts = prompts.path
        settings.evalPrompts = prompts.path
        settings.promptTemplate = "{prompt}:"
        settings.maxNewTokens = 5
        settings.steps = 4
        settings.batchSize = 8
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as? [String: Any])
        object["method"] = "rloo"
        try JSONSerialization.data(withJSONObject: object).write(to: folder.appendingPathComponent("run/config.json"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testChoosesStartNearestPeakAndEnd() throws {
        let run = try RunFiles.load(folder.appendingPathComponent("run"))
        let choices = CheckpointSampler.choices(run: run, peakStep: 3)
        XCTAssertEqual(choices.map(\.label), ["step 0", "step 2 (peak)", "step 4 (end)"])
        XCTAssertEqual(choices.map { $0.directory.lastPathComponent }, ["policy", "step-00000002", "final"])
        XCTAssertEqual(CheckpointSampler.choices(run: run, peakStep: 0).map(\.label), ["step 0", "step 4 (end)"], "a peak at the start adds nothing")
    }

    func testSamplesArePairedSeededAndScoredWithTheRunsObjective() throws {
        let run = try RunFiles.load(folder.appendingPathComponent("run"))
        let choices = CheckpointSampler.choices(run: run, peakStep: 2)
        let samples = try CheckpointSampler.sample(run: run, choices: choices, count: 6, shown: 3, seed: 7, reward: LetterShare())
        XCTAssertEqual(samples.count, 3)
        for s in samples {
            XCTAssertEqual(s.proxy.count, 6)
            XCTAssertEqual(s.lengths.count, 6)
            XCTAssertTrue(s.lengths.allSatisfy { $0 >= 0 && $0 <= 5 })
            XCTAssertEqual(s.shown.map(\.prompt), samples[0].shown.map(\.prompt), "the same prompts at every checkpoint")
            for c in s.shown { XCTAssertEqual(Float(c.proxy), LetterShare.score(c.completion), accuracy: 1e-6) }
            XCTAssertNil(s.gold, "no world, no gold")
        }
        // Same weights, same streams: step 0 and step 2 (a copy of the reference) draw the same text.
        XCTAssertEqual(samples[0].shown.map(\.completion), samples[1].shown.map(\.completion))
        XCTAssertEqual(samples[0].proxy, samples[1].proxy)
        let again = try CheckpointSampler.sample(run: run, choices: choices, count: 6, shown: 3, seed: 7, reward: LetterShare())
        XCTAssertEqual(again.map(\.proxy), samples.map(\.proxy))
        XCTAssertEqual(again.map { $0.shown.map(\.completion) }, samples.map { $0.shown.map(\.completion) })
    }
}
