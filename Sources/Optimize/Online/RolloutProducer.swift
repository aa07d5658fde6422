import Feedback
import Foundation
import Model
import Reward
import Train

/// Samples completions from the policy and scores them: policy and reference log-probs, member
/// rewards, the objective, gold. Sample i draws from random stream `streams[i]` only, so a sample
/// depends on (seed, stream) and the weights, never on the batch it was drawn in.
public final class RolloutProducer {
    public let policy: GPT
    public let reference: GPT
    public let text: PolicyText
    public let reward: any RewardFunction
    public let objective: RewardObjective
    public let gold: GoldScorer?
    public let batchSize: Int
    private let sampler: Sampler

    /// `stopAtEndOfText` false lets every sample run to `maxNewTokens` (an end-of-text token drawn on
    /// the way is an ordinary token): rollouts of a fixed length, for benchmarks that compare work.
    public init(policy: GPT, reference: GPT, text: PolicyText, reward: any RewardFunction, objective: RewardObjective,
                gold: GoldScorer?, temperature: Float, maxNewTokens: Int, seed: UInt64, batchSize: Int,
                stopAtEndOfText: Bool = true) throws {
        self.policy = policy
        self.reference = reference
        self.text = text
        self.reward = reward
        self.objective = objective
        self.gold = gold
        self.batchSize = batchSize
        let config = SamplingConfig(temperature: temperature, maxNewTokens: maxNewTokens, stopAtEndOfText: stopAtEndOfText,
                                    endOfTextID: text.endOfText, seed: seed)
        sampler = try Sampler(model: policy, config: config, batchSize: batchSize)
    }

    /// `samplesPerPrompt` samples of each prompt `indices[i]` of `prompts`, on consecutive rows; row r
    /// draws from stream `streams[r]`. Log-probs are computed on padded batches of `scoringRows` rows
    /// (nil: all rows in one batch, the one `Rollout.batch` holds and the update reuses, so that the
    /// first ratio is exactly 1).
    public func produce(prompts: PromptSet, indices: [Int], samplesPerPrompt k: Int, streams: [UInt64],
                        scoringRows: Int? = nil) throws -> ScoredRollout {
        let rows = indices.flatMap { Array(repeating: $0, count: k) }
        guard rows.count == streams.count, !rows.isEmpty else {
            throw OnlineError.invalidSetting(name: "streams", value: "\(streams.count)", expected: "one per sample (\(rows.count))")
        }
        let inputs = rows.map { prompts.inputs[$0] }
        let sequences = try sampler.generate(prompts: inputs, streams: streams)
        let completions = sequences.map(\.tokens)
        let batch = try CompletionBatch(prompts: inputs, completions: completions, padding: text.endOfText, contextLength: text.contextLength)

        var policyLogProbs: [[Float]] = [], referenceLogProbs: [[Float]] = [], entropies: [[Float]] = []
        let chunk = scoringRows ?? rows.count
        for start in stride(from: 0, to: rows.count, by: chunk) {
            let range = start..<min(start + chunk, rows.count)
            let part = chunk >= rows.count ? batch
                : try CompletionBatch(prompts: Array(inputs[range]), completions: Array(completions[range]),
                                      padding: text.endOfText, contextLength: text.contextLength)
            let scored = try policy.completionLogProbabilities(part)
            // The whole rollout in one batch is what the update's first forward runs, with these same
            // weights: it reuses this pass (bit for bit) instead of recomputing it.
            if chunk >= rows.count { policy.offerLastForwardForReuse() }
            policyLogProbs += scored.logProbs
            entropies += scored.entropies
            referenceLogProbs += try reference.completionLogProbabilities(part).logProbs
        }

        let promptTexts = rows.map { prompts.texts[$0] }
        let completionTexts = completions.map(text.completionText)
        let members = try reward.memberRewards(prompts: promptTexts, completions: completionTexts)
        guard members.count == rows.count, members.allSatisfy({ $0.count == reward.memberCount && !$0.isEmpty }) else {
            throw OnlineError.rewardShape(reason: "\(members.count) rows for \(rows.count) samples (or rows without \(reward.memberCount) members)")
        }
        guard members.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { throw OnlineError.rewardShape(reason: "a non-finite reward") }

        var goldScores: [GoldScore]?
        if let gold, let worldPrompts = prompts.worldPrompts {
            goldScores = zip(rows, completionTexts).map { gold.score(prompt: worldPrompts[$0], response: $1) }
        }
        let rollout = Rollout(prompts: promptTexts, completions: completionTexts, batch: batch,
                              policyLogProbs: policyLogProbs, referenceLogProbs: referenceLogProbs, memberRewards: members,
                              objectiveRewards: members.map(objective.value(members:)),
                              goldRewards: goldScores.map { $0.map { Float($0.total) } },
                              endedWithEndOfText: sequences.map { $0.finishReason == .endOfText })
        let refused = goldScores?.map(\.refused) ?? completionTexts.map { TextFeatures.isRefusal(World.response(fromCompletion: $0)) }
        return ScoredRollout(rollout: rollout, entropies: entropies, goldScores: goldScores, refused: refused)
    }

    /// The random stream of row `row` of training step `step` (evaluation streams are the row alone,
    /// drawn under another seed).
    public static func trainingStream(step: Int, row: Int) -> UInt64 { UInt64(step) << 32 | UInt64(row) }
}
