import Feedback
import Foundation

/// A rollout with what the metrics need besides the update: per-token entropies of the policy and,
/// with a world, each sample's gold score (refusal, answer outcome, family).
public struct ScoredRollout {
    public var rollout: Rollout
    public var entropies: [[Float]]
    public var goldScores: [GoldScore]?
    /// Whether each response is a refusal (the gold scorer's test, also without a world).
    public var refused: [Bool]

    /// Per-sample figures under metrics.jsonl names (DESIGN.md §5): one value per row, or per row of a
    /// family for the world's rates.
    public var sampleFigures: [String: [Double]] {
        let r = rollout
        var figures: [String: [Double]] = [:]
        figures["kl"] = r.policyLogProbs.indices.map { KLEstimate.k1(policy: r.policyLogProbs[$0], reference: r.referenceLogProbs[$0]) }
        figures["kl_k3"] = r.policyLogProbs.indices.map { KLEstimate.k3(policy: r.policyLogProbs[$0], reference: r.referenceLogProbs[$0]) }
        figures["proxy_reward"] = r.objectiveRewards.map(Double.init)
        if let gold = r.goldRewards { figures["gold_reward"] = gold.map(Double.init) }
        figures["entropy"] = entropies.map { $0.isEmpty ? 0 : Double($0.reduce(0, +)) / Double($0.count) }
        figures["response_length"] = r.batch.completions.indices.map { Double(r.batch.completions[$0].count - (r.endedWithEndOfText[$0] ? 1 : 0)) }
        figures["end_of_text_rate"] = r.endedWithEndOfText.map { $0 ? 1 : 0 }
        figures["refusal_rate"] = refused.map { $0 ? 1 : 0 }
        figures["ensemble_std"] = r.memberRewards.map { Double(RewardObjective.standardDeviation($0)) }
        if let goldScores {
            for (rate, values) in BehaviourRate.values(goldScores) { figures[rate.rawValue] = values }
        }
        return figures
    }
}

/// Mean and standard error (sample standard deviation / √n) of per-sample figures.
public struct FigureSummary: Equatable, Sendable {
    public var mean: Double
    public var standardError: Double
    public var count: Int

    public init(_ values: [Double]) {
        count = values.count
        let n = Double(max(values.count, 1))
        let mean = values.reduce(0, +) / n
        self.mean = mean
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        standardError = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() / n.squareRoot() : 0
    }
}
