import Foundation
import Model

/// RLOO and GRPO (DESIGN.md §2): sequence advantages from the k samples of each prompt, applied to
/// every token of the completion through a clipped-ratio surrogate
/// ℓₜ = −min(rₜ·A, clip(rₜ, 1 ± ε)·A), rₜ = π(yₜ)/π_old(yₜ), plus β·k3ₜ when the KL is a loss term.
/// With one pass per rollout rₜ = 1 and this is REINFORCE with a group baseline.
public final class GroupPolicyGradient: OnlineMethod {
    public let policy: GPT
    public let config: GroupPolicyConfig
    public let optimizer: PolicyOptimizer

    public var samplesPerPrompt: Int { config.samplesPerPrompt }

    public init(policy: GPT, config: GroupPolicyConfig) throws {
        try config.validate()
        self.policy = policy
        self.config = config
        optimizer = PolicyOptimizer(model: policy, settings: config.online)
    }

    /// The rewards the advantages are computed from: r̂, minus β·KL of the sequence when the KL is in the reward.
    public func shapedRewards(_ rollout: Rollout) -> (rewards: [Double], sequenceKL: [Double]) {
        let estimate = config.online.klEstimator == .k1 ? KLEstimate.k1 : KLEstimate.k3
        let kl = rollout.policyLogProbs.indices.map { estimate(rollout.policyLogProbs[$0], rollout.referenceLogProbs[$0]) }
        let beta = config.klPlacement == .reward ? config.online.klCoefficient : 0
        return (zip(rollout.objectiveRewards, kl).map { Double($0) - beta * $1 }, kl)
    }

    public func advantages(_ rewards: [Double]) throws -> [Double] {
        switch config.advantage {
        case .rloo: return try GroupAdvantages.leaveOneOut(rewards, groupSize: samplesPerPrompt)
        case .grpo: return try GroupAdvantages.groupNormalized(rewards, groupSize: samplesPerPrompt, epsilon: config.advantageEpsilon)
        }
    }

    public func update(_ rollout: Rollout, step: Int) throws -> [String: Double] {
        let (rewards, sequenceKL) = shapedRewards(rollout)
        let advantages = try advantages(rewards)
        var metrics: [String: Double] = [:]
        let mean = advantages.reduce(0, +) / Double(advantages.count)
        metrics["advantage_mean"] = mean
        metrics["advantage_std"] = (advantages.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(advantages.count)).squareRoot()
        metrics["reward_with_penalty"] = rewards.reduce(0, +) / Double(rewards.count)
        if config.klPlacement == .reward {
            metrics["kl_penalty"] = config.online.klCoefficient * sequenceKL.reduce(0, +) / Double(sequenceKL.count)
        }
        for epoch in 0..<config.epochs {
            policy.zeroGradients()
            var terms = LossTerms()
            try policy.completionForwardBackward(rollout.batch) { current in
                terms = lossGradient(current.logProbs, rollout: rollout, advantages: advantages)
                return terms.gradient
            }
            guard terms.policy.isFinite, terms.kl.isFinite else { throw OnlineError.nonFinite(step: step, quantity: "loss") }
            let (norm, rate) = try optimizer.step(step)
            if epoch == 0 {
                metrics["loss"] = terms.policy + terms.kl
                metrics["loss/policy"] = terms.policy
                metrics["loss/kl"] = terms.kl
                metrics["grad_norm"] = norm
                metrics["learning_rate"] = Double(rate)
            }
            metrics["clip_fraction"] = terms.clipFraction
        }
        return metrics
    }

    struct LossTerms {
        var policy = 0.0
        var kl = 0.0
        var clipFraction = 0.0
        var gradient: [[Float]] = []
    }

    /// The loss at the current log-probs and its gradient ∂L/∂log πₜ for every completion token.
    func lossGradient(_ logProbs: [[Float]], rollout: Rollout, advantages: [Double]) -> LossTerms {
        let B = Double(logProbs.count), epsilon = config.clipRange, beta = config.online.klCoefficient
        var terms = LossTerms()
        var clipped = 0, tokens = 0
        terms.gradient = logProbs.indices.map { i in
            let current = logProbs[i], old = rollout.policyLogProbs[i], reference = rollout.referenceLogProbs[i]
            let weight = (config.lossAggregation == .tokenMean ? 1 / Double(max(current.count, 1)) : 1) / B
            let a = advantages[i]
            return current.indices.map { t in
                let ratio = exp(Double(current[t] - old[t]))
                let clippedRatio = min(max(ratio, 1 - epsilon), 1 + epsilon)
                // The clipped branch is the minimum (and constant) once the ratio has moved past the clip in A's direction.
                let isClipped = clippedRatio * a < ratio * a
                terms.policy -= weight * min(ratio * a, clippedRatio * a)
                var gradient = isClipped ? 0 : -weight * a * ratio
                if isClipped { clipped += 1 }
                tokens += 1
                if config.klPlacement == .loss {
                    let rho = Double(current[t] - reference[t])
                    terms.kl += weight * beta * (exp(-rho) - 1 + rho)
                    gradient += weight * beta * (1 - exp(-rho))
                }
                return Float(gradient)
            }
        }
        terms.clipFraction = tokens > 0 ? Double(clipped) / Double(tokens) : 0
        return terms
    }

    public func saveState(to folder: URL) throws { try optimizer.save(to: folder, name: "policy_optimizer") }
    public func loadState(from folder: URL) throws { try optimizer.load(from: folder, name: "policy_optimizer") }
}
