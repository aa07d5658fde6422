import Foundation

/// The rule of the gold-free overoptimization alarm and every threshold it uses (docs/mismatch.md).
///
/// Each *trigger* compares a signal the trainer logs with its own start: the **baseline** is the
/// mean over the first `window` training rows, the **current** value the mean over the last `window`
/// rows (per-step figures are noisy: 64 samples). A trigger *holds* once it has fired on
/// `persistence` consecutive rows. The alarm warns at the first step where `warnVotes` triggers hold
/// at once, and (when `stopVotes` is set) says stop where that many hold.
public struct AlarmSettings: Codable, Equatable, Sendable {
    /// Rows in the baseline and in the trailing mean; triggers are evaluated from row 2·window − 1 on.
    public var window = 5
    /// Consecutive rows a trigger must fire before it holds.
    public var persistence = 3
    /// `ensemble_std` (member disagreement) above baseline × (1 + this): the policy went where the
    /// members disagree. Needs more than one member (a baseline above 0).
    public var ensembleStdRise = 0.5
    /// |length − baseline| / baseline at least this: the policy found a length the reward model pays for.
    public var lengthDrift = 0.2
    /// |refusal rate − baseline| at least max(this × baseline, `refusalDriftMinimum`): the policy
    /// learned to refuse (or to stop refusing) more than the world asks.
    public var refusalDrift = 0.5
    public var refusalDriftMinimum = 0.03
    /// The proxy's recent slope against d = √KL (fit over the evaluations with d ≥ d_now/2) below
    /// this fraction of its slope over the whole run: reward per unit of KL is running out.
    public var slopeRatio = 0.4
    /// No slope verdict before d reaches this (early slopes are noise).
    public var slopeMinimumSqrtKL = 0.3
    /// Points the recent slope needs.
    public var slopeMinimumPoints = 4
    /// `reward_confidence` (reward-model confidence on policy samples, when logged) below baseline by this.
    public var confidenceDrop = 0.1
    /// Warn once the (trailing) KL exceeds this many nats; nil: no budget.
    public var klBudget: Double?
    /// Triggers that must hold at once to warn, and to stop (nil: never says stop).
    public var warnVotes = 1
    public var stopVotes: Int? = 2

    public init() {}

    enum CodingKeys: String, CodingKey {
        case window, persistence
        case ensembleStdRise = "ensemble_std_rise"
        case lengthDrift = "length_drift"
        case refusalDrift = "refusal_drift"
        case refusalDriftMinimum = "refusal_drift_minimum"
        case slopeRatio = "slope_ratio"
        case slopeMinimumSqrtKL = "slope_minimum_sqrt_kl"
        case slopeMinimumPoints = "slope_minimum_points"
        case confidenceDrop = "confidence_drop"
        case klBudget = "kl_budget"
        case warnVotes = "warn_votes"
        case stopVotes = "stop_votes"
    }
}
