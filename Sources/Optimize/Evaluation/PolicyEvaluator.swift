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
public final class PolicyEvaluator {
    public let producer: RolloutProducer
    public let prompts: PromptSet
    public let indices: [Int]

    /// `producer` must sample with the evaluation seed (not the training one).
    public init(producer: RolloutProducer, prompts: PromptSet, samples: Int, orderSeed: UInt64) {
        self.producer = producer
        self.prompts = prompts
        let order = PromptSet.permutation(count: prompts.count, seed: orderSeed)
        indices = (0..<samples).map { order[$0 % order.count] }
    }

    public func evaluate() throws -> PolicyEvaluation {
        let scored = try producer.produce(prompts: prompts, indices: indices, samplesPerPrompt: 1,
                                          streams: indices.indices.map(UInt64.init), scoringRows: producer.batchSize)
        let figures = scored.sampleFigures
        return PolicyEvaluation(figures: figures.mapValues(FigureSummary.init),
                                samples: EvaluationSample.records(of: scored, kl: figures["kl"] ?? []))
    }
}
