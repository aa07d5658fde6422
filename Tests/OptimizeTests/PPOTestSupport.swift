import Foundation
import Model
import Reward
import Tensor
import Train
@testable import Optimize

/// A tiny token task for online methods: a random-init GPT over 13 tokens, completions of 4 tokens
/// sampled by the engine's sampler, and a stand-in reward that pays for one particular token.
enum TinyTokenTask {
    static let vocabulary = 13
    static let context = 12
    static let completionLength = 4
    /// The token the stand-in reward pays for.
    static let rewarded: Int32 = 7
    static let prompts: [[Int32]] = (0..<16).map { i in [Int32(1 + i % 6), Int32(1 + (i / 6) % 6), Int32(8 + i % 5)].suffix(2 + i % 2) }

    static func makePolicy(seed: UInt64 = 3) throws -> GPT {
        let model = try GPT(config: GPTConfig(vocabularySize: vocabulary, contextLength: context, layerCount: 2, headCount: 2, embeddingWidth: 16))
        var generator = Xoshiro256StarStar(seed: seed)
        model.initializeWeights(generator: &generator)
        return model
    }

    static func copy(_ model: GPT) throws -> GPT {
        let copy = try GPT(config: model.config)
        copy.parameters.pointer.update(from: model.parameters.pointer, count: model.parameters.count)
        return copy
    }

    /// Token i as the letter "a" + i, so that a RewardFunction (which reads text) can see tokens.
    static func text(_ tokens: [Int32]) -> String {
        String(tokens.map { Character(UnicodeScalar(UInt8(97 + Int($0)))) })
    }

    /// Pays the share of completion tokens that are `rewarded` ("h").
    struct TokenReward: RewardFunction {
        var memberCount: Int { 1 }
        func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
            completions.map { completion in [Float(completion.filter { $0 == "h" }.count) / Float(max(completion.count, 1))] }
        }
    }

    /// One rollout of `policy` on every prompt, scored by `TokenReward`, with `reference`'s log-probs.
    static func rollout(policy: GPT, reference: GPT, seed: UInt64) throws -> Rollout {
        let sampler = try Sampler(model: policy, config: SamplingConfig(maxNewTokens: completionLength, stopAtEndOfText: false, seed: seed),
                                  batchSize: prompts.count)
        let sequences = try sampler.generate(prompts: prompts)
        let completions = sequences.map(\.tokens)
        let batch = try CompletionBatch(prompts: prompts, completions: completions, padding: 0, contextLength: context)
        let texts = completions.map(text)
        let members = try TokenReward().memberRewards(prompts: prompts.map(text), completions: texts)
        return Rollout(prompts: prompts.map(text), completions: texts, batch: batch,
                       policyLogProbs: sequences.map(\.logProbabilities),
                       referenceLogProbs: try reference.completionLogProbabilities(batch).logProbs,
                       memberRewards: members, objectiveRewards: members.map { RewardObjective().value(members: $0) },
                       goldRewards: nil, endedWithEndOfText: Array(repeating: true, count: prompts.count))
    }

    /// Settings that move the tiny model within a few dozen steps (constant learning rates).
    static func config(seed: UInt64 = 1, adaptiveKL: Bool = false) -> PPOConfig {
        var online = OnlineSettings()
        online.learningRate = 3e-3
        online.minimumLearningRate = 3e-3
        online.klCoefficient = 0.02
        online.seed = seed
        var ppo = PPOSettings()
        ppo.valueLearningRate = 3e-3
        ppo.minibatches = 2
        ppo.adaptiveKL = adaptiveKL
        return PPOConfig(online: online, ppo: ppo)
    }
}
