import Foundation
import Model
import Tensor

/// PPO for language models (DESIGN.md §2) as an online method: per-token KL-penalized rewards,
/// GAE over a value model's estimates, then `epochs` passes of `minibatches` clipped-surrogate
/// policy steps and clipped value steps. Owns the policy's optimizer, the value model and its
/// optimizers, the KL controller and the minibatch shuffle; the loop owns sampling and scoring.
/// `entropy` and the KL of the rollout are the loop's metrics; this adds the losses and PPO's own.
public final class PPOMethod: OnlineMethod {
    public let config: PPOConfig
    public var settings: PPOSettings { config.ppo }
    public let policy: GPT
    public let value: ValueModel
    public let policyOptimizer: PolicyOptimizer
    /// The value backbone's optimizer: the policy's schedule shape at `value_learning_rate`.
    public let valueOptimizer: PolicyOptimizer
    public let valueHeadOptimizer: AdamW
    public internal(set) var klController: KLController
    var shuffleGenerator: Xoshiro256StarStar
    /// Any in-vocabulary token: the padding after a row's end never changes its results.
    let padding: Int32

    public var samplesPerPrompt: Int { 1 }

    public init(policy: GPT, value: ValueModel, config: PPOConfig) throws {
        try config.validate()
        guard value.backbone.config.vocabularySize == policy.config.vocabularySize,
              value.backbone.config.contextLength >= policy.config.contextLength else {
            throw PPOError.incompatibleValueModel(reason: "it must share the policy's vocabulary and context")
        }
        self.config = config
        self.policy = policy
        self.value = value
        policyOptimizer = PolicyOptimizer(model: policy, settings: config.online)
        var valueSchedule = config.online
        valueSchedule.learningRate = config.ppo.valueLearningRate
        valueSchedule.minimumLearningRate = config.ppo.valueLearningRate * config.online.minimumLearningRate / config.online.learningRate
        valueOptimizer = PolicyOptimizer(model: value.backbone, settings: valueSchedule)
        valueHeadOptimizer = AdamW(layout: value.headLayout, config: valueOptimizer.optimizer.config)
        klController = KLController(coefficient: config.online.klCoefficient, settings: config.ppo)
        shuffleGenerator = Xoshiro256StarStar(seed: config.online.seed &+ 0x9E0)
        padding = Int32(policy.config.eosTokenID.map { min($0, policy.config.vocabularySize - 1) } ?? 0)
    }

    public func update(_ rollout: Rollout, step: Int) throws -> [String: Double] {
        try Self.validate(rollout)
        let beta = klController.coefficient
        let oldValues = try value.values(rollout.batch)
        var rewards: [[Float]] = [], penalties: [[Float]] = [], advantages: [[Float]] = [], returns: [[Float]] = []
        for b in 0..<rollout.count {
            let (reward, penalty) = PPOMath.tokenRewards(
                policyLogProbs: rollout.policyLogProbs[b], referenceLogProbs: rollout.referenceLogProbs[b],
                score: rollout.objectiveRewards[b], endedWithEndOfText: rollout.endedWithEndOfText[b], beta: beta,
                estimator: config.online.klEstimator, missingEndOfTextPenalty: settings.missingEndOfTextPenalty)
            let (advantage, target) = PPOMath.advantages(rewards: reward, values: oldValues[b], gamma: settings.gamma, lambda: settings.gaeLambda)
            rewards.append(reward); penalties.append(penalty); advantages.append(advantage); returns.append(target)
        }
        let rawAdvantageMean = PPOMath.moments(advantages).mean
        let trainingAdvantages = settings.whitenAdvantages ? PPOMath.whiten(advantages) : advantages

        var totals = PassTotals()
        for _ in 0..<settings.epochs {
            for rows in minibatchRows(count: rollout.count) {
                let batch = try CompletionBatch(prompts: rows.map { rollout.batch.prompts[$0] }, completions: rows.map { rollout.batch.completions[$0] },
                                                padding: padding, contextLength: policy.config.contextLength)
                try policyStep(batch, oldLogProbs: rows.map { rollout.policyLogProbs[$0] }, advantages: rows.map { trainingAdvantages[$0] },
                               step: step, totals: &totals)
                try valueStep(batch, oldValues: rows.map { oldValues[$0] }, returns: rows.map { returns[$0] }, step: step, totals: &totals)
            }
        }

        let sequenceKL = (0..<rollout.count).map { b -> Double in
            switch config.online.klEstimator {
            case .k1: return KLEstimate.k1(policy: rollout.policyLogProbs[b], reference: rollout.referenceLogProbs[b])
            case .k3: return KLEstimate.k3(policy: rollout.policyLogProbs[b], reference: rollout.referenceLogProbs[b])
            }
        }
        klController.update(currentKL: sequenceKL.reduce(0, +) / Double(rollout.count), samples: rollout.count)

        let passes = Double(max(totals.passes, 1))
        return [
            "loss/policy": totals.policyLoss / passes,
            "loss/value": totals.valueLoss / passes,
            "loss": (totals.policyLoss + settings.valueLossCoefficient * totals.valueLoss) / passes,
            "clip_fraction": totals.clipFraction / passes,
            "value/clip_fraction": totals.valueClipFraction / passes,
            "approx_kl": totals.approxKL / passes,
            "value/explained_variance": PPOMath.explainedVariance(values: oldValues, returns: returns),
            "value/mean": PPOMath.moments(oldValues).mean,
            "kl_coefficient": beta,
            "advantage_mean": rawAdvantageMean,
            "return_mean": PPOMath.moments(returns).mean,
            "grad_norm": totals.gradientNorm / passes,
            "learning_rate": Double(policyOptimizer.schedule.rate(at: step)),
            "non_score_reward": penalties.reduce(0.0) { $0 + $1.reduce(0.0) { $0 + Double($1) } } / Double(rollout.count),
        ]
    }

    /// Sums over the minibatch passes of one update, for the step's metrics.
    struct PassTotals {
        var passes = 0
        var policyLoss = 0.0, valueLoss = 0.0, clipFraction = 0.0, valueClipFraction = 0.0, approxKL = 0.0
        var gradientNorm = 0.0
    }

    private func policyStep(_ batch: CompletionBatch, oldLogProbs: [[Float]], advantages: [[Float]], step: Int, totals: inout PassTotals) throws {
        policy.zeroGradients()
        var loss: PPOMath.PolicyLoss?
        try policy.completionForwardBackward(batch) { scored in
            let result = PPOMath.clippedPolicyLoss(logProbs: scored.logProbs, oldLogProbs: oldLogProbs, advantages: advantages, clipRange: settings.clipRange)
            loss = result
            return result.gradient
        }
        let (norm, _) = try policyOptimizer.step(step)
        guard let loss else { return }
        totals.gradientNorm += norm
        totals.passes += 1
        totals.policyLoss += loss.loss
        totals.clipFraction += loss.clipFraction
        totals.approxKL += loss.approxKL
    }

    private func valueStep(_ batch: CompletionBatch, oldValues: [[Float]], returns: [[Float]], step: Int, totals: inout PassTotals) throws {
        value.zeroGradients()
        let current = try value.values(batch)
        let loss = PPOMath.clippedValueLoss(values: current, oldValues: oldValues, returns: returns, clipRange: settings.valueClipRange)
        let scale = Float(settings.valueLossCoefficient)
        try value.backward(dValues: loss.gradient.map { $0.map { $0 * scale } })
        // One clip over backbone and head together; the backbone optimizer's own clip is then a no-op.
        clipGradientNorm([value.backbone.gradients, value.headGradient], maxNorm: config.online.gradientClip)
        let (_, rate) = try valueOptimizer.step(step)
        valueHeadOptimizer.step(parameters: value.head.pointer, gradients: value.headGradient.pointer, learningRate: rate)
        totals.valueLoss += loss.loss
        totals.valueClipFraction += loss.clipFraction
    }

    /// One seeded shuffle of the rows per pass, cut into `minibatches` nearly equal groups.
    func minibatchRows(count: Int) -> [[Int]] {
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(shuffleGenerator.next() % UInt64(i + 1)))
        }
        let groups = min(settings.minibatches, count)
        return (0..<groups).map { g in Array(order[(g * count / groups)..<((g + 1) * count / groups)]) }
    }

    static func validate(_ rollout: Rollout) throws {
        let n = rollout.count
        guard n > 0 else { throw PPOError.invalidRollout(reason: "no samples") }
        for (name, count) in [("prompts", rollout.prompts.count), ("batch rows", rollout.batch.B), ("policy_log_probs", rollout.policyLogProbs.count),
                              ("reference_log_probs", rollout.referenceLogProbs.count), ("objective_rewards", rollout.objectiveRewards.count),
                              ("ended_with_end_of_text", rollout.endedWithEndOfText.count)] where count != n {
            throw PPOError.invalidRollout(reason: "\(count) \(name) for \(n) completions")
        }
        for b in 0..<n {
            let tokens = rollout.batch.completions[b].count
            guard rollout.policyLogProbs[b].count == tokens, rollout.referenceLogProbs[b].count == tokens else {
                throw PPOError.invalidRollout(reason: "row \(b): \(tokens) completion tokens but \(rollout.policyLogProbs[b].count) policy and \(rollout.referenceLogProbs[b].count) reference log-probs")
            }
            guard rollout.objectiveRewards[b].isFinite else { throw PPOError.invalidRollout(reason: "row \(b): objective reward is \(rollout.objectiveRewards[b])") }
        }
    }
}
