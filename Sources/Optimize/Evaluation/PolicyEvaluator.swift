import Feedback
import Foundation

/// Figures of one held-out evaluation: each per-sample figure's mean and standard error.
public struct PolicyEvaluation: Equatable, Sendable {
    public var figures: [String: FigureSummary]
    /// Every sample, in sample order (what `evaluations/step-N.jsonl` holds).
    public var samples: [EvaluationSample] = []

    public subscript(name: String) -> FigureSummary? { figures[name] }

    /// The metrics.jsonl form: `eval/<name>`, `eval/<name>_se`, `eval/<name>_n` for the world's rates
    /// (they count only their family's samples), and `eval/samples`.
    public var metrics: [String: Double] {
        var values: [String: Double] = [:]
        for (name, summary) in figures {
            values["eval/\(name)"] = summary.mean
            values["eval/\(name)_se"] = summary.standardError
            if Self.familyRates.contains(name) { values["eval/\(name)_n"] = Double(summary.count) }
        }
        values["eval/samples"] = Double(figures["proxy_reward"]?.count ?? 0)
        return values
    }

    static let familyRates = Set(BehaviourRate.allCases.map(\.rawValue))
}

/// Evaluates the policy on a fixed held-out set: `samples` samples, the held-out prompts taken in a
/// fixed shuffled order and cycled, sample i drawn from stream i of the evaluation seed. Every
/// evaluation draws with the same streams, so two evaluations differ only by the weights (paired).
/// Beside the per-sample figures it measures the gold win rate against the reference policy's
/// evaluation (same prompts and streams) and diversity on a few prompts sampled several times.
public final class PolicyEvaluator {
    public let producer: RolloutProducer
    public let prompts: PromptSet
    public let indices: [Int]
    /// Prompts of the diversity probe (the first of the evaluation's order) and samples of each.
    public let diversityIndices: [Int]
    public let diversitySamplesPerPrompt: Int

    /// The probe's rows draw from streams above every evaluation sample's.
    static let diversityStreamBase: UInt64 = 1 << 40

    /// `producer` must sample with the evaluation seed (not the training one).
    public init(producer: RolloutProducer, prompts: PromptSet, samples: Int, orderSeed: UInt64,
                diversityPrompts: Int = 0, diversitySamplesPerPrompt: Int = 4) {
        self.producer = producer
        self.prompts = prompts
        let order = PromptSet.permutation(count: prompts.count, seed: orderSeed)
        indices = (0..<samples).map { order[$0 % order.count] }
        diversityIndices = Array(order.prefix(diversityPrompts))
        self.diversitySamplesPerPrompt = diversitySamplesPerPrompt
    }

    /// `reference`: the reference policy's evaluation samples (the run's step 0), for the gold win rate;
    /// nil when this evaluation is the reference's own (its win rate is ½ by definition: every sample ties).
    public func evaluate(reference: [EvaluationSample]? = nil) throws -> PolicyEvaluation {
        let scored = try producer.produce(prompts: prompts, indices: indices, samplesPerPrompt: 1,
                                          streams: indices.indices.map(UInt64.init), scoringRows: producer.batchSize)
        var figures = scored.sampleFigures.mapValues(FigureSummary.init)
        let samples = EvaluationSample.records(of: scored, kl: scored.sampleFigures["kl"] ?? [])
        if let wins = Self.goldWins(samples, against: reference ?? samples) { figures[Self.goldWinRate] = FigureSummary(wins) }
        for (name, values) in try diversity() { figures[name] = FigureSummary(values) }
        return PolicyEvaluation(figures: figures, samples: samples)
    }

    public static let goldWinRate = "gold_win_rate"

    /// Per sample: 1 when its gold beats the reference's sample of the same prompt and stream, ½ on a
    /// tie, 0 below; nil without gold or when the two evaluations are not of the same prompts.
    static func goldWins(_ samples: [EvaluationSample], against reference: [EvaluationSample]) -> [Double]? {
        guard samples.count == reference.count else { return nil }
        var wins: [Double] = []
        for (sample, base) in zip(samples, reference) {
            guard sample.prompt == base.prompt, let gold = sample.goldReward, let baseGold = base.goldReward else { return nil }
            wins.append(gold > baseGold ? 1 : gold == baseGold ? 0.5 : 0)
        }
        return wins
    }

    /// `distinct_1`, `distinct_2`: one value per probe prompt (over its samples' completion tokens).
    private func diversity() throws -> [String: [Double]] {
        guard !diversityIndices.isEmpty else { return [:] }
        let k = diversitySamplesPerPrompt
        let rows = diversityIndices.count * k
        let scored = try producer.produce(prompts: prompts, indices: diversityIndices, samplesPerPrompt: k,
                                          streams: (0..<rows).map { Self.diversityStreamBase + UInt64($0) }, scoringRows: producer.batchSize)
        let r = scored.rollout
        let tokens = r.batch.completions.indices.map { i in Array(r.batch.completions[i].dropLast(r.endedWithEndOfText[i] ? 1 : 0)) }
        var figures: [String: [Double]] = [:]
        for n in [1, 2] {
            figures["distinct_\(n)"] = diversityIndices.indices.compactMap { p in Diversity.distinct(n, samples: Array(tokens[(p * k)..<((p + 1) * k)])) }
        }
        return figures.filter { !$0.value.isEmpty }
    }
}
