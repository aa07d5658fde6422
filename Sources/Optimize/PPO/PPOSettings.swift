import Foundation

/// Where the value model starts (docs/optimize-ppo.md says why `policy` is the default).
public enum ValueInitialization: String, Codable, CaseIterable, Sendable {
    /// A copy of the policy's backbone with a zero head: V ≡ 0 at the start, which is the mean of the
    /// normalized objective on reference samples; works for every objective and ensemble.
    case policy
    /// A copy of the first reward-model member (TRL's choice), its head rescaled by the member's
    /// normalization so that it reads normalized rewards.
    case reward
}

/// PPO's own settings with their defaults, in one place (TRL's PPOConfig defaults, adapted to the
/// world's 4-layer × 128 model: a KL target in the range where the gold reward peaked). The settings
/// every online method shares (policy learning rate and schedule, gradient clip, weight decay, β and
/// the KL estimator, prompts per step, length limit) are `OnlineSettings`; `PPOConfig` writes both,
/// flat, into config.json.
public struct PPOSettings: Codable, Equatable, Sendable {
    /// γ of the returns (1: undiscounted, as the reward arrives only at the end).
    public var gamma = 1.0
    /// λ of generalized advantage estimation.
    public var gaeLambda = 0.95
    /// ε of the clipped policy surrogate: ratios outside [1−ε, 1+ε] stop pulling.
    public var clipRange = 0.2
    /// ε_v of the clipped value loss: a new value further than ε_v from the old one gets no credit.
    public var valueClipRange = 0.2
    /// c_v: the value loss's gradient is scaled by it (TRL's vf_coef; `loss` = policy + c_v·value).
    public var valueLossCoefficient = 0.1
    /// Passes over each rollout.
    public var epochs = 4
    /// Minibatches per pass (a seeded shuffle of the rollout's rows each pass).
    public var minibatches = 1
    /// Advantages whitened over the rollout's tokens (mean 0, variance 1) before the epochs.
    public var whitenAdvantages = true
    /// Adapt β (starting at the online settings' `kl_coefficient`) toward `targetKL` (Ziegler et al. 2019) instead of keeping it fixed.
    public var adaptiveKL = false
    /// The per-sequence KL (nats, the chosen estimator summed over tokens) the adaptive β aims for.
    public var targetKL = 1.0
    /// Horizon H of the adaptive controller: β ← β·(1 + clip(KL/target − 1, ±0.2)·n/H) with n samples per step.
    public var klHorizon = 1000.0
    /// Subtracted from the objective of a sample that hit the length limit without end-of-text
    /// (in normalized reward units: 1 = one reference standard deviation).
    public var missingEndOfTextPenalty = 1.0
    /// Peak learning rate of the value model (its schedule has the policy's shape: same warmup, same
    /// decay ratio); the policy's rate is the online `learning_rate`.
    public var valueLearningRate: Float = 1e-4
    public var valueInitialization = ValueInitialization.policy

    public init() {}

    enum CodingKeys: String, CodingKey {
        case gamma, epochs, minibatches
        case gaeLambda = "gae_lambda"
        case clipRange = "clip_range"
        case valueClipRange = "value_clip_range"
        case valueLossCoefficient = "value_loss_coefficient"
        case whitenAdvantages = "whiten_advantages"
        case adaptiveKL = "adaptive_kl"
        case targetKL = "target_kl"
        case klHorizon = "kl_horizon"
        case missingEndOfTextPenalty = "missing_eos_penalty"
        case valueLearningRate = "value_learning_rate"
        case valueInitialization = "value_init"
    }

    /// Throws `OnlineError.invalidSetting` naming the first setting (config.json's key) out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ expected: String, _ value: Any) throws {
            guard ok else { throw OnlineError.invalidSetting(name: name, value: "\(value)", expected: expected) }
        }
        try check((0...1).contains(gamma), "gamma", "in [0, 1]", gamma)
        try check((0...1).contains(gaeLambda), "gae_lambda", "in [0, 1]", gaeLambda)
        try check(clipRange.isFinite && clipRange > 0, "clip_range", "a finite number > 0", clipRange)
        try check(valueClipRange.isFinite && valueClipRange > 0, "value_clip_range", "a finite number > 0", valueClipRange)
        try check(valueLossCoefficient.isFinite && valueLossCoefficient > 0, "value_loss_coefficient", "a finite number > 0", valueLossCoefficient)
        try check(epochs >= 1, "epochs", "≥ 1", epochs)
        try check(minibatches >= 1, "minibatches", "≥ 1", minibatches)
        try check(!adaptiveKL || (targetKL.isFinite && targetKL > 0), "target_kl", "a finite number of nats > 0", targetKL)
        try check(klHorizon.isFinite && klHorizon > 0, "kl_horizon", "a finite number > 0", klHorizon)
        try check(missingEndOfTextPenalty.isFinite && missingEndOfTextPenalty >= 0, "missing_eos_penalty", "a finite number ≥ 0", missingEndOfTextPenalty)
        try check(valueLearningRate.isFinite && valueLearningRate > 0, "value_learning_rate", "a finite number > 0", valueLearningRate)
    }
}
