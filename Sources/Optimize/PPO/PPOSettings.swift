import Foundation

/// Which estimator of the per-token log-ratio ρₜ = log π − log π_ref the KL penalty charges.
public enum KLPenaltyEstimator: String, Codable, CaseIterable, Sendable {
    /// ρₜ itself (unbiased for the sequence KL; single tokens can be negative).
    case k1
    /// e^(−ρₜ) − 1 + ρₜ (never negative, lower variance; its gradient through the reward is the same sign as ρₜ).
    case k3
}

/// Where the value model starts (docs/optimize-ppo.md says why `policy` is the default).
public enum ValueInitialization: String, Codable, CaseIterable, Sendable {
    /// A copy of the policy's backbone with a zero head: V ≡ 0 at the start, which is the mean of the
    /// normalized objective on reference samples; works for every objective and ensemble.
    case policy
    /// A copy of the first reward-model member (TRL's choice), its head rescaled by the member's
    /// normalization so that it reads normalized rewards.
    case reward
}

/// Every PPO setting with its default, in one place (TRL's PPOConfig defaults, adapted to the
/// world's 4-layer × 128 model: higher learning rates, no weight decay, a KL target in the range
/// where the gold reward peaks). Written verbatim into the run's config.json.
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
    /// β of the per-token KL penalty (the starting value when adaptive).
    public var klCoefficient = 0.05
    /// Adapt β toward `targetKL` (Ziegler et al. 2019) instead of keeping it fixed.
    public var adaptiveKL = false
    /// The per-sequence KL (nats, the chosen estimator summed over tokens) the adaptive β aims for.
    public var targetKL = 1.0
    /// Horizon H of the adaptive controller: β ← β·(1 + clip(KL/target − 1, ±0.2)·n/H) with n samples per step.
    public var klHorizon = 1000.0
    public var klEstimator = KLPenaltyEstimator.k1
    /// Subtracted from the objective of a sample that hit the length limit without end-of-text
    /// (in normalized reward units: 1 = one reference standard deviation).
    public var missingEndOfTextPenalty = 1.0
    public var policyLearningRate: Float = 1e-5
    public var valueLearningRate: Float = 1e-4
    /// Global gradient-norm clip of each model's minibatch gradient (0: off).
    public var maxGradientNorm = 1.0
    /// AdamW weight decay of both models (0, as TRL: decay would pull the policy away from its start).
    public var weightDecay: Float = 0
    public var valueInitialization = ValueInitialization.policy

    public init() {}

    enum CodingKeys: String, CodingKey {
        case gamma, epochs, minibatches
        case gaeLambda = "gae_lambda"
        case clipRange = "clip_range"
        case valueClipRange = "value_clip_range"
        case valueLossCoefficient = "value_loss_coefficient"
        case whitenAdvantages = "whiten_advantages"
        case klCoefficient = "kl_coefficient"
        case adaptiveKL = "adaptive_kl"
        case targetKL = "target_kl"
        case klHorizon = "kl_horizon"
        case klEstimator = "kl_estimator"
        case missingEndOfTextPenalty = "missing_eos_penalty"
        case policyLearningRate = "policy_learning_rate"
        case valueLearningRate = "value_learning_rate"
        case maxGradientNorm = "max_gradient_norm"
        case weightDecay = "weight_decay"
        case valueInitialization = "value_init"
    }

    /// Settings that cannot train, as an error naming the setting (config.json's key).
    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ reason: String) throws {
            if !ok { throw OptimizeError.invalidSetting(name: name, reason: reason) }
        }
        try check((0...1).contains(gamma), "gamma", "must be in [0, 1] (got \(gamma))")
        try check((0...1).contains(gaeLambda), "gae_lambda", "must be in [0, 1] (got \(gaeLambda))")
        try check(clipRange > 0 && clipRange.isFinite, "clip_range", "must be positive (got \(clipRange))")
        try check(valueClipRange > 0 && valueClipRange.isFinite, "value_clip_range", "must be positive (got \(valueClipRange))")
        try check(valueLossCoefficient > 0 && valueLossCoefficient.isFinite, "value_loss_coefficient", "must be positive (got \(valueLossCoefficient))")
        try check(epochs >= 1, "epochs", "must be at least 1 (got \(epochs))")
        try check(minibatches >= 1, "minibatches", "must be at least 1 (got \(minibatches))")
        try check(klCoefficient >= 0 && klCoefficient.isFinite, "kl_coefficient", "must be ≥ 0 (got \(klCoefficient))")
        try check(!adaptiveKL || (targetKL > 0 && targetKL.isFinite), "target_kl", "must be positive (got \(targetKL))")
        try check(!adaptiveKL || klCoefficient > 0, "kl_coefficient", "an adaptive β must start above 0 (a multiplicative controller never leaves 0)")
        try check(klHorizon > 0 && klHorizon.isFinite, "kl_horizon", "must be positive (got \(klHorizon))")
        try check(missingEndOfTextPenalty >= 0 && missingEndOfTextPenalty.isFinite, "missing_eos_penalty", "must be ≥ 0 (got \(missingEndOfTextPenalty))")
        try check(policyLearningRate > 0 && policyLearningRate.isFinite, "policy_learning_rate", "must be positive (got \(policyLearningRate))")
        try check(valueLearningRate > 0 && valueLearningRate.isFinite, "value_learning_rate", "must be positive (got \(valueLearningRate))")
        try check(maxGradientNorm >= 0 && maxGradientNorm.isFinite, "max_gradient_norm", "must be ≥ 0 (got \(maxGradientNorm))")
        try check(weightDecay >= 0 && weightDecay.isFinite, "weight_decay", "must be ≥ 0 (got \(weightDecay))")
    }
}
