import Foundation

/// The PPO formulas of DESIGN.md §2 as pure functions over per-token arrays (one array per
/// completion, index t = completion token). Accumulation is in Double; the results are Float.
public enum PPOMath {
    /// Per-token rewards of one completion: rₜ = −β·klₜ (klₜ = ρₜ for k1, e^(−ρₜ) − 1 + ρₜ for k3),
    /// plus the score r̂ at the last token, less `missingEndOfTextPenalty` when the sample hit the
    /// length limit. Returns the rewards and their KL part alone (the "non-score reward").
    public static func tokenRewards(policyLogProbs: [Float], referenceLogProbs: [Float], score: Float, endedWithEndOfText: Bool,
                                    beta: Double, estimator: KLEstimator, missingEndOfTextPenalty: Double)
        -> (rewards: [Float], klPenalty: [Float]) {
        let perToken: [Float]
        switch estimator {
        case .k1: perToken = KLEstimate.logRatios(policy: policyLogProbs, reference: referenceLogProbs)
        case .k3: perToken = KLEstimate.k3Terms(policy: policyLogProbs, reference: referenceLogProbs)
        }
        let penalty = perToken.map { Float(-beta * Double($0)) }
        var rewards = penalty
        if let last = rewards.indices.last {
            let score = Double(score) - (endedWithEndOfText ? 0 : missingEndOfTextPenalty)
            rewards[last] = Float(Double(rewards[last]) + score)
        }
        return (rewards, penalty)
    }

    /// Generalized advantage estimation of one completion: δₜ = rₜ + γ·Vₜ₊₁ − Vₜ (V after the last
    /// token is 0), Aₜ = Σₗ (γλ)ˡ·δₜ₊ₗ; returns Rₜ = Aₜ + Vₜ.
    public static func advantages(rewards: [Float], values: [Float], gamma: Double, lambda: Double) -> (advantages: [Float], returns: [Float]) {
        precondition(rewards.count == values.count, "one value per reward")
        var advantages = [Float](repeating: 0, count: rewards.count)
        var running = 0.0, nextValue = 0.0
        for t in rewards.indices.reversed() {
            let delta = Double(rewards[t]) + gamma * nextValue - Double(values[t])
            running = delta + gamma * lambda * running
            advantages[t] = Float(running)
            nextValue = Double(values[t])
        }
        return (advantages, zip(advantages, values).map { $0 + $1 })
    }

    /// Mean and variance (unbiased, n − 1, as TRL's masked_whiten) over every token of every row.
    public static func moments(_ rows: [[Float]], unbiased: Bool = true) -> (mean: Double, variance: Double) {
        let n = rows.reduce(0) { $0 + $1.count }
        guard n > 0 else { return (0, 0) }
        let mean = rows.reduce(0.0) { $0 + $1.reduce(0.0) { $0 + Double($1) } } / Double(n)
        let squares = rows.reduce(0.0) { $0 + $1.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } }
        let divisor = unbiased ? n - 1 : n
        return (mean, divisor > 0 ? squares / Double(divisor) : 0)
    }

    /// (x − mean)/√(variance + ε) over all tokens of the rollout.
    public static func whiten(_ rows: [[Float]], epsilon: Double = 1e-8) -> [[Float]] {
        let (mean, variance) = moments(rows)
        let scale = 1 / (variance + epsilon).squareRoot()
        return rows.map { $0.map { Float((Double($0) - mean) * scale) } }
    }

    /// 1 − Var(R − V)/Var(R) over all tokens (population variances): how much of the returns the
    /// values predicted (1 perfect, 0 no better than their mean, negative worse).
    public static func explainedVariance(values: [[Float]], returns: [[Float]]) -> Double {
        let residuals = zip(returns, values).map { zip($0, $1).map { $0 - $1 } }
        let total = moments(returns, unbiased: false).variance
        guard total > 0 else { return .nan }
        return 1 - moments(residuals, unbiased: false).variance / total
    }

    public struct PolicyLoss: Equatable, Sendable {
        /// mean over tokens of max(−A·ratio, −A·clip(ratio, 1±ε)).
        public var loss: Double
        /// ∂loss/∂log πₜ per token.
        public var gradient: [[Float]]
        /// Share of tokens where the clipped term is the larger (its gradient is 0).
        public var clipFraction: Double
        /// ½·mean (log π − log π_old)².
        public var approxKL: Double
    }

    /// The clipped surrogate −min(ratio·A, clip(ratio, 1−ε, 1+ε)·A), ratio = π/π_old, averaged over
    /// the tokens of all rows, with its gradient in the new log-probabilities.
    public static func clippedPolicyLoss(logProbs: [[Float]], oldLogProbs: [[Float]], advantages: [[Float]], clipRange: Double) -> PolicyLoss {
        let n = Double(max(1, logProbs.reduce(0) { $0 + $1.count }))
        var loss = 0.0, clipped = 0.0, approxKL = 0.0
        var gradient: [[Float]] = []
        for b in logProbs.indices {
            var row = [Float](repeating: 0, count: logProbs[b].count)
            for t in logProbs[b].indices {
                let difference = Double(logProbs[b][t]) - Double(oldLogProbs[b][t])
                let ratio = exp(difference), advantage = Double(advantages[b][t])
                let unclippedLoss = -advantage * ratio
                let clippedLoss = -advantage * min(max(ratio, 1 - clipRange), 1 + clipRange)
                loss += max(unclippedLoss, clippedLoss)
                approxKL += 0.5 * difference * difference
                if clippedLoss > unclippedLoss { clipped += 1 } else { row[t] = Float(-advantage * ratio / n) }
            }
            gradient.append(row)
        }
        return PolicyLoss(loss: loss / n, gradient: gradient, clipFraction: clipped / n, approxKL: approxKL / n)
    }

    public struct ValueLoss: Equatable, Sendable {
        /// ½·mean over tokens of max((V − R)², (clip(V, V_old ± ε_v) − R)²).
        public var loss: Double
        /// ∂loss/∂Vₜ per token.
        public var gradient: [[Float]]
        /// Share of tokens where the clipped error is the larger.
        public var clipFraction: Double
    }

    public static func clippedValueLoss(values: [[Float]], oldValues: [[Float]], returns: [[Float]], clipRange: Double) -> ValueLoss {
        let n = Double(max(1, values.reduce(0) { $0 + $1.count }))
        var loss = 0.0, clipped = 0.0
        var gradient: [[Float]] = []
        for b in values.indices {
            var row = [Float](repeating: 0, count: values[b].count)
            for t in values[b].indices {
                let value = Double(values[b][t]), old = Double(oldValues[b][t]), target = Double(returns[b][t])
                let clippedValue = min(max(value, old - clipRange), old + clipRange)
                let unclippedError = (value - target) * (value - target)
                let clippedError = (clippedValue - target) * (clippedValue - target)
                loss += 0.5 * max(unclippedError, clippedError)
                // The clipped branch is constant in V outside the clip range; inside it equals the unclipped one.
                if clippedError > unclippedError { clipped += 1 } else { row[t] = Float((value - target) / n) }
            }
            gradient.append(row)
        }
        return ValueLoss(loss: loss / n, gradient: gradient, clipFraction: clipped / n)
    }
}
