import Foundation

/// summary.json of an online run: the final and peak figures, read back from metrics.jsonl (so a
/// resumed run summarizes the whole run).
public struct OnlineSummary: Codable, Equatable, Sendable {
    public struct Peak: Codable, Equatable, Sendable {
        public var step: Int
        public var value: Double
        /// The held-out KL (k1) at that evaluation.
        public var kl: Double?
    }

    public var method: String
    public var objective: String
    public var steps: Int
    /// The last training row's figures (the rollout of the last step).
    public var finalTraining: [String: Double]
    /// The last evaluation's figures (`eval/…`; of the policy after the last update).
    public var finalEvaluation: [String: Double]
    /// The evaluation with the highest held-out gold reward, and the one with the highest proxy.
    public var peakEvalGold: Peak?
    public var peakEvalProxy: Peak?
    public var evaluations: Int
    public var model: String
    /// Set when the run ended before `steps` because the caller asked it to (the alarm's stop).
    public var stoppedEarly: StoppedEarly?

    public struct StoppedEarly: Codable, Equatable, Sendable {
        /// Updates made: the final policy is θ at this step.
        public var step: Int
        public var reason: String
    }

    enum CodingKeys: String, CodingKey {
        case method, objective, steps, evaluations, model
        case finalTraining = "final_training"
        case finalEvaluation = "final_evaluation"
        case peakEvalGold = "peak_eval_gold_reward"
        case peakEvalProxy = "peak_eval_proxy_reward"
        case stoppedEarly = "stopped_early"
    }

    public init(method: String, objective: String, steps: Int, rows: [OnlineMetricsRow], model: String, stoppedEarly: StoppedEarly? = nil) {
        self.stoppedEarly = stoppedEarly
        self.method = method
        self.objective = objective
        self.steps = steps
        self.model = model
        let training = rows.filter { $0.values["proxy_reward"] != nil }
        let evaluated = rows.filter { $0.values["eval/proxy_reward"] != nil }
        finalTraining = training.last?.values.filter { !$0.key.hasPrefix("eval/") } ?? [:]
        finalEvaluation = evaluated.last?.values.filter { $0.key.hasPrefix("eval/") } ?? [:]
        evaluations = evaluated.count
        func peak(_ key: String) -> Peak? {
            // The first of equal maxima: the earliest step that reached it.
            var best: OnlineMetricsRow?
            for row in evaluated {
                if let value = row.values[key], value > (best?.values[key] ?? -.infinity) { best = row }
            }
            return best.map { Peak(step: $0.step, value: $0.values[key] ?? .nan, kl: $0.values["eval/kl"]) }
        }
        peakEvalGold = peak("eval/gold_reward")
        peakEvalProxy = peak("eval/proxy_reward")
    }
}
