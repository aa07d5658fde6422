import Feedback
import Foundation
import Model
import Reward
import Tokenizer
import Train

/// A prompt of the run: its text and, with a world, the world's record of it (for gold).
public struct BestOfNPrompt: Equatable, Sendable {
    public var text: String
    public var world: WorldPrompt?

    public init(text: String, world: WorldPrompt? = nil) {
        self.text = text
        self.world = world
    }
}

/// Draws each prompt's pool of N samples from the policy once and scores every sample with the
/// reward function (members → objective) and, with a world, the gold reward.
///
/// Sample j of prompt i (its index in the run's prompt list) draws from random stream i·N + j, and
/// each prompt's samples are scored in a call of their own, so a pool depends on the seed and the
/// prompt's index only: not on the sampling batch size, nor on how many prompts are built at once.
public struct BestOfNPoolBuilder {
    public let sampler: Sampler
    public let tokenizer: ByteLevelBPETokenizer
    public let reward: any RewardFunction
    public let objective: RewardObjective
    public let gold: GoldScorer?
    public let poolSize: Int
    public let template: String

    public init(policy: GPT, tokenizer: ByteLevelBPETokenizer, reward: any RewardFunction, world: World?, config: BestOfNConfig) throws {
        try config.validate()
        let endOfText = (tokenizer.specialTokenID(World.endOfText) ?? policy.config.eosTokenID).map(Int32.init)
        let sampling = config.sampling(endOfTextID: endOfText)
        try sampling.validate(vocabularySize: policy.config.vocabularySize)
        sampler = try Sampler(model: policy, config: sampling, batchSize: config.samplingBatchSize)
        self.tokenizer = tokenizer
        self.reward = reward
        objective = config.rewardObjective
        gold = world.map(GoldScorer.init(world:))
        poolSize = config.n
        template = config.template
    }

    /// The pools of `prompts[range]`, sampled together and scored prompt by prompt.
    public func pools(_ prompts: [BestOfNPrompt], range: Range<Int>) throws -> [BestOfNPromptPool] {
        var inputs: [[Int32]] = [], streams: [UInt64] = []
        for i in range {
            let text = template.replacingOccurrences(of: "{prompt}", with: prompts[i].text)
            var ids = tokenizer.encode(text, allowedSpecial: [World.endOfText]).map(Int32.init)
            if ids.isEmpty, let start = sampler.config.endOfTextID { ids = [start] }
            let context = sampler.model.config.contextLength
            guard ids.count < context else { throw BestOfNError.promptTooLong(prompt: i, tokens: ids.count, contextLength: context) }
            for j in 0..<poolSize {
                inputs.append(ids)
                streams.append(UInt64(i) &* UInt64(poolSize) &+ UInt64(j))
            }
        }
        let sequences = try sampler.generate(prompts: inputs, streams: streams)
        return try range.enumerated().map { offset, i in
            let group = Array(sequences[(offset * poolSize)..<((offset + 1) * poolSize)])
            return try score(prompts[i], index: i, samples: group)
        }
    }

    private func score(_ prompt: BestOfNPrompt, index: Int, samples: [GeneratedSequence]) throws -> BestOfNPromptPool {
        let completions = try samples.map { sample in
            try tokenizer.decode((sample.finishReason == .endOfText ? sample.tokens.dropLast() : sample.tokens[...]).map(Int.init))
        }
        let members = try reward.memberRewards(prompts: Array(repeating: prompt.text, count: completions.count), completions: completions)
        guard members.count == completions.count else {
            throw BestOfNError.rewardShape(prompt: index, expected: completions.count, got: members.count)
        }
        let proxy = members.map(objective.value(members:))
        for (j, value) in proxy.enumerated() where !value.isFinite {
            throw BestOfNError.nonFiniteReward(prompt: index, sample: j, value: value)
        }
        var pool = BestOfNPromptPool(prompt: prompt.text, family: prompt.world?.family, completions: completions,
                                     tokenIDs: samples.map(\.tokens), logprobs: samples.map(\.logProbabilities),
                                     finishReasons: samples.map(\.finishReason), memberRewards: members, proxy: proxy,
                                     gold: nil, refused: [], answers: nil)
        if let gold, let worldPrompt = prompt.world {
            let scores = completions.map { gold.score(prompt: worldPrompt, response: $0) }
            pool.gold = scores.map(\.total)
            pool.refused = scores.map(\.refused)
            if worldPrompt.family == .arithmetic || worldPrompt.family == .knowledge {
                pool.answers = scores.map { $0.answer ?? .missing }
            }
        } else {
            pool.refused = completions.map { TextFeatures.isRefusal(World.response(fromCompletion: $0)) }
        }
        return pool
    }
}
