import Foundation
import XCTest
@testable import Model
@testable import Optimize
@testable import Reward
@testable import Tensor
import Tokenizer

/// The value model: where it reads, its gradient, its two starting points and their checks.
final class PPOValueModelTests: XCTestCase {
    let batchPrompts: [[Int32]] = [[1, 2, 3], [4], [5, 6]]
    let batchCompletions: [[Int32]] = [[7, 8], [9, 10, 11, 12], [3]]

    func randomized(_ model: ValueModel, seed: UInt64) {
        var generator = Xoshiro256StarStar(seed: seed)
        for i in 0..<model.backbone.parameters.count { model.backbone.parameters[i] *= 3 }
        for i in 0..<model.head.count { model.head[i] = Float(generator.nextNormal()) }
    }

    func testPolicyStartCopiesTheBackboneAndReadsZero() throws {
        let policy = try TinyTokenTask.makePolicy()
        let value = try ValueModel.initialize(fromPolicy: policy)
        XCTAssertEqual(value.backbone.parameters.array, policy.parameters.array)
        XCTAssertFalse(value.backbone.parameters.pointer == policy.parameters.pointer, "its own copy, not the policy's weights")
        let batch = try CompletionBatch(prompts: batchPrompts, completions: batchCompletions, padding: 0, contextLength: 12)
        let values = try value.values(batch)
        XCTAssertEqual(values.map(\.count), [2, 4, 1])
        XCTAssertTrue(values.joined().allSatisfy { $0 == 0 })
    }

    /// Vₜ is read where the policy predicts token t: for the prefix prompt + y<ₜ alone, the head on
    /// its last hidden state gives the same number (padding and later tokens never leak in).
    func testValuesReadThePrefixBeforeEachToken() throws {
        let value = try ValueModel.initialize(fromPolicy: try TinyTokenTask.makePolicy())
        randomized(value, seed: 4)
        let batch = try CompletionBatch(prompts: batchPrompts, completions: batchCompletions, padding: 0, contextLength: 12)
        let values = try value.values(batch)
        let C = value.backbone.config.embeddingWidth
        for b in batchPrompts.indices {
            for t in batchCompletions[b].indices {
                let prefix = batchPrompts[b] + batchCompletions[b].prefix(t)
                let hidden = try value.backbone.forwardHidden(tokens: prefix, B: 1, T: prefix.count)
                var expected = value.head[C]
                for c in 0..<C { expected += hidden[(prefix.count - 1) * C + c] * value.head[c] }
                XCTAssertEqual(values[b][t], expected, accuracy: 1e-5, "row \(b) token \(t)")
            }
        }
    }

    func testGradientMatchesFiniteDifferences() throws {
        let value = try ValueModel.initialize(fromPolicy: try TinyTokenTask.makePolicy())
        randomized(value, seed: 5)
        let batch = try CompletionBatch(prompts: batchPrompts, completions: batchCompletions, padding: 0, contextLength: 12)
        let weights: [[Float]] = [[0.7, -1.3], [0.2, 1.1, -0.4, 0.9], [-0.6]]
        func loss() throws -> Double {
            zip(try value.values(batch), weights).reduce(0.0) { $0 + zip($1.0, $1.1).reduce(0.0) { $0 + Double($1.0 * $1.1) } }
        }
        value.zeroGradients()
        _ = try value.values(batch)
        try value.backward(dValues: weights)
        var generator = Xoshiro256StarStar(seed: 11)
        let h: Float = 4e-3
        func check(_ parameters: FloatBuffer, _ gradients: FloatBuffer, _ index: Int, _ what: String) throws {
            let saved = parameters[index]
            parameters[index] = saved + h
            let plus = try loss()
            parameters[index] = saved - h
            let minus = try loss()
            parameters[index] = saved
            let numeric = (plus - minus) / Double(2 * h)
            XCTAssertEqual(Double(gradients[index]), numeric, accuracy: 2e-3 + 2e-2 * abs(numeric), "\(what) \(index)")
        }
        for _ in 0..<40 {
            try check(value.backbone.parameters, value.backbone.gradients, Int(generator.next() % UInt64(value.backbone.parameters.count)), "backbone")
        }
        for i in 0..<value.head.count { try check(value.head, value.headGradient, i, "head") }
        XCTAssertNotEqual(value.headGradient[value.head.count - 1], 0, "the bias gets the sum of the weights")
        XCTAssertEqual(value.headGradient[value.head.count - 1], weights.joined().reduce(0, +), accuracy: 1e-5)
    }

    func testBackwardBeforeForwardAndShapeMismatchAreErrors() throws {
        let value = try ValueModel.initialize(fromPolicy: try TinyTokenTask.makePolicy())
        XCTAssertThrowsError(try value.backward(dValues: [[1]])) { XCTAssertEqual($0 as? ModelError, .backwardBeforeForward) }
        _ = try value.values(try CompletionBatch(prompts: batchPrompts, completions: batchCompletions, padding: 0, contextLength: 12))
        XCTAssertThrowsError(try value.backward(dValues: [[1, 2], [1], [1]])) { error in
            guard case PPOError.invalidRollout = error else { return XCTFail("\(error)") }
        }
    }

    func makeRewardModel(vocabulary: Int = 13, context: Int = 12) throws -> RewardModel {
        let tokenizer = try ByteLevelBPETokenizer.train(text: "ab ab ab", vocabSize: 258)
        let backbone = try GPT(config: GPTConfig(vocabularySize: vocabulary, contextLength: context, layerCount: 1, headCount: 2, embeddingWidth: 16))
        var generator = Xoshiro256StarStar(seed: 21)
        backbone.initializeWeights(generator: &generator)
        let model = try RewardModel(backbone: backbone, tokenizer: tokenizer,
                                    settings: RewardModelSettings(normalization: RewardNormalization(mean: 2, std: 4, reference: "test", samples: 1)),
                                    tokenizerPath: "test")
        for c in 0..<16 { model.head[c] = Float(generator.nextNormal()) }
        return model
    }

    /// From a reward model, the value of the last completion token's state is the reward model's
    /// normalized reading of that same prefix.
    func testRewardStartReadsNormalizedRewards() throws {
        let reward = try makeRewardModel()
        let value = try ValueModel.initialize(fromReward: reward, policy: try TinyTokenTask.makePolicy().config)
        let batch = try CompletionBatch(prompts: batchPrompts, completions: batchCompletions, padding: 0, contextLength: 12)
        let values = try value.values(batch)
        for b in batchPrompts.indices {
            for t in batchCompletions[b].indices {
                let prefix = batchPrompts[b] + batchCompletions[b].prefix(t)
                let raw = try reward.forward([prefix])[0]
                XCTAssertEqual(values[b][t], (raw - 2) / 4, accuracy: 1e-5, "row \(b) token \(t)")
            }
        }
    }

    func testRewardStartNeedsThePolicysVocabularyAndContext() throws {
        let policy = try TinyTokenTask.makePolicy().config
        XCTAssertThrowsError(try ValueModel.initialize(fromReward: try makeRewardModel(vocabulary: 14), policy: policy)) { error in
            guard case PPOError.incompatibleValueModel(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("vocabulary (14)"), reason)
        }
        XCTAssertThrowsError(try ValueModel.initialize(fromReward: try makeRewardModel(context: 8), policy: policy)) { error in
            guard case PPOError.incompatibleValueModel(let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("context (8)"), reason)
        }
        let shortValue = ValueModel(backbone: try GPT(config: GPTConfig(vocabularySize: 13, contextLength: 8, layerCount: 1, headCount: 2, embeddingWidth: 16)))
        XCTAssertThrowsError(try PPOMethod(policy: try TinyTokenTask.makePolicy(), value: shortValue, config: PPOConfig())) { error in
            guard case PPOError.incompatibleValueModel = error else { return XCTFail("\(error)") }
        }
    }

    func testSaveLoadRoundTrip() throws {
        let value = try ValueModel.initialize(fromPolicy: try TinyTokenTask.makePolicy())
        randomized(value, seed: 6)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-value-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try value.save(to: folder)
        let restored = try ValueModel.initialize(fromPolicy: try TinyTokenTask.makePolicy(seed: 99))
        try restored.load(from: folder)
        XCTAssertEqual(restored.backbone.parameters.array, value.backbone.parameters.array)
        XCTAssertEqual(restored.head.array, value.head.array)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(ValueModel.headFile))
        XCTAssertThrowsError(try restored.load(from: folder)) {
            XCTAssertEqual($0 as? CheckpointError, .missingFile(path: folder.appendingPathComponent(ValueModel.headFile).path))
        }
    }
}
