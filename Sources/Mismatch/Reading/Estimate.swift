import Foundation
// The statistics layer (Estimate, Difference, TargetTest, SeedMean) is Mismatch's vocabulary: every
// module that reads Mismatch's results reads them in these types.
@_exported import Statistics

/// The figures of one evaluated policy: an online run's held-out evaluation at a step, or one n of a
/// best-of-n sweep. Names are the metrics files' without the `eval/` prefix (best-of-n's `accuracy`
/// is read as `task_accuracy`), so online and best-of-n runs are analysed alike.
public struct EvaluationPoint: Codable, Equatable, Sendable {
    /// The step (online) or n (best-of-n).
    public var index: Int
    /// KL(π‖π_ref) in nats: online `eval/kl` (k1; can be slightly negative from sampling noise),
    /// best-of-n the analytic `log n − (n−1)/n`.
    public var kl: Double
    public var klStandardError: Double?
    /// d = √max(KL, 0), the x-axis of every overoptimization plot.
    public var sqrtKL: Double
    public var metrics: [String: Estimate]
    /// The line of metrics.jsonl it came from.
    public var line: Int

    enum CodingKeys: String, CodingKey {
        case index, kl, metrics, line
        case klStandardError = "kl_se"
        case sqrtKL = "sqrt_kl"
    }

    public init(index: Int, kl: Double, klStandardError: Double? = nil, metrics: [String: Estimate], line: Int) {
        self.index = index
        self.kl = kl
        self.klStandardError = klStandardError
        self.sqrtKL = max(kl, 0).squareRoot()
        self.metrics = metrics
        self.line = line
    }

    public subscript(name: String) -> Estimate? { metrics[name] }
}

/// The metric names the analysis knows (as in metrics.jsonl, without `eval/`).
public enum MetricName {
    public static let proxyReward = "proxy_reward"
    public static let goldReward = "gold_reward"
    public static let taskAccuracy = "task_accuracy"
    public static let falseRefusalRate = "false_refusal_rate"
    public static let harmfulComplianceRate = "harmful_compliance_rate"
    public static let responseLength = "response_length"
    public static let refusalRate = "refusal_rate"
    /// Share of hedged answers; not written by the trainers yet, read when present.
    public static let hedgingRate = "hedging_rate"
    /// Share of answers that are confident and wrong; read when present.
    public static let confidentWrongRate = "confident_wrong_rate"
    /// Share of held-out samples whose gold beats the reference policy's on the same prompt and stream (ties ½).
    public static let goldWinRate = "gold_win_rate"
    /// Distinct n-grams / all n-grams across a prompt's samples, averaged over the diversity probe's prompts.
    public static let distinct1 = "distinct_1"
    public static let distinct2 = "distinct_2"
    public static let ensembleStd = "ensemble_std"
    public static let entropy = "entropy"
    /// Reward-model confidence on policy samples; read when a trainer logs it.
    public static let rewardConfidence = "reward_confidence"
}
