import Foundation
import Model

/// How a group's rewards become advantages: RLOO's leave-one-out baseline or GRPO's group normalization.
public enum GroupAdvantageKind: String, Codable, CaseIterable, Sendable {
    case rloo, grpo
}

/// Where the KL penalty enters: in the reward (R = r̂ − β·KL of the sequence, before the advantages)
/// or as a loss term (β·Σₜ kₜ per token next to the surrogate, GRPO style).
public enum KLPlacement: String, Codable, CaseIterable, Sendable {
    case reward, loss
}

/// How per-token losses add up: `sequence` sums each completion's tokens (REINFORCE on the sequence
/// log-probability); `token_mean` averages them per completion (GRPO). Both then average over rows.
public enum LossAggregation: String, Codable, CaseIterable, Sendable {
    case sequence
    case tokenMean = "token_mean"
}

/// config.json of `optimize rloo` / `optimize grpo`: the online settings plus the group method's own.
public struct GroupPolicyConfig: OnlineMethodConfig, Equatable {
    public var advantage: GroupAdvantageKind
    public var online: OnlineSettings
    /// k samples per prompt (consecutive rows of the rollout).
    public var samplesPerPrompt = 4
    public var klPlacement: KLPlacement
    public var lossAggregation: LossAggregation
    /// Update passes over each rollout; after the first the clipped ratio matters.
    public var epochs = 1
    /// ε of the clipped ratio: the surrogate is min(ratio·A, clip(ratio, 1 ± ε)·A).
    public var clipRange = 0.2
    /// GRPO's ε in (R − mean)/(std + ε).
    public var advantageEpsilon = 1e-4

    public var method: String { advantage.rawValue }

    /// RLOO's defaults: KL (k1) in the reward, sequence-summed loss.
    public static func rloo(_ online: OnlineSettings = OnlineSettings()) -> GroupPolicyConfig {
        GroupPolicyConfig(advantage: .rloo, online: online, klPlacement: .reward, lossAggregation: .sequence)
    }

    /// GRPO's defaults: k3 per token as a loss term, per-completion token mean.
    public static func grpo(_ online: OnlineSettings = OnlineSettings()) -> GroupPolicyConfig {
        var online = online
        online.klEstimator = .k3
        return GroupPolicyConfig(advantage: .grpo, online: online, klPlacement: .loss, lossAggregation: .tokenMean)
    }

    public init(advantage: GroupAdvantageKind, online: OnlineSettings, klPlacement: KLPlacement, lossAggregation: LossAggregation) {
        self.advantage = advantage
        self.online = online
        self.klPlacement = klPlacement
        self.lossAggregation = lossAggregation
    }

    enum CodingKeys: String, CodingKey {
        case method, epochs
        case samplesPerPrompt = "samples_per_prompt"
        case klPlacement = "kl_placement"
        case lossAggregation = "loss_aggregation"
        case clipRange = "clip_range"
        case advantageEpsilon = "advantage_epsilon"
    }

    // One flat object: the online settings' keys sit beside the method's.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        advantage = try c.decode(GroupAdvantageKind.self, forKey: .method)
        online = try OnlineSettings(from: decoder)
        samplesPerPrompt = try c.decode(Int.self, forKey: .samplesPerPrompt)
        klPlacement = try c.decode(KLPlacement.self, forKey: .klPlacement)
        lossAggregation = try c.decode(LossAggregation.self, forKey: .lossAggregation)
        epochs = try c.decode(Int.self, forKey: .epochs)
        clipRange = try c.decode(Double.self, forKey: .clipRange)
        advantageEpsilon = try c.decode(Double.self, forKey: .advantageEpsilon)
    }

    public func encode(to encoder: Encoder) throws {
        try online.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(advantage, forKey: .method)
        try c.encode(samplesPerPrompt, forKey: .samplesPerPrompt)
        try c.encode(klPlacement, forKey: .klPlacement)
        try c.encode(lossAggregation, forKey: .lossAggregation)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(clipRange, forKey: .clipRange)
        try c.encode(advantageEpsilon, forKey: .advantageEpsilon)
    }

    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ expected: String, _ value: Any) throws {
            guard ok else { throw OnlineError.invalidSetting(name: name, value: "\(value)", expected: expected) }
        }
        try check(samplesPerPrompt >= 2, "samples_per_prompt", "≥ 2 (the baseline is the prompt's other samples)", samplesPerPrompt)
        try check(epochs >= 1, "epochs", "≥ 1", epochs)
        try check(clipRange.isFinite && clipRange > 0, "clip_range", "a finite number > 0", clipRange)
        try check(advantageEpsilon.isFinite && advantageEpsilon > 0, "advantage_epsilon", "a finite number > 0", advantageEpsilon)
        // Σₜ ρₜ as a loss has zero expected gradient on policy samples: it would not hold the policy back.
        try check(!(klPlacement == .loss && online.klEstimator == .k1), "kl_estimator", "k3 when kl_placement is loss", "k1")
    }

    public func makeMethod(policy: GPT) throws -> any OnlineMethod {
        try GroupPolicyGradient(policy: policy, config: self)
    }
}
