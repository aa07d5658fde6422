import Foundation

/// One pair's loss, its gradient with respect to the policy's sequence log-probabilities, and the
/// implicit rewards β·(log π − log π_ref) that DPO reads off the policy (TRL's `rewards/*`).
public struct PreferenceLossValue: Equatable, Sendable {
    public var loss: Double
    /// ∂L/∂log π(y_c) and ∂L/∂log π(y_r).
    public var dChosen: Double
    public var dRejected: Double
    /// h = (log π(y_c) − log π_ref(y_c)) − (log π(y_r) − log π_ref(y_r)).
    public var logRatioDifference: Double
    public var chosenReward: Double
    public var rejectedReward: Double
}

/// DPO and IPO (DESIGN.md §2) as pure functions of four sequence log-probabilities. The
/// length-normalized variant feeds them each divided by its token count (`sequenceLogProb`).
public enum PreferenceLoss {
    public static func evaluate(_ kind: DPOLossKind, beta: Double, policyChosen: Double, policyRejected: Double,
                                referenceChosen: Double, referenceRejected: Double) -> PreferenceLossValue {
        let chosenRatio = policyChosen - referenceChosen, rejectedRatio = policyRejected - referenceRejected
        let h = chosenRatio - rejectedRatio
        let loss: Double, dH: Double
        switch kind {
        case .sigmoid:
            // −log σ(βh) = softplus(−βh); d/dh = −β·σ(−βh).
            loss = softplus(-beta * h)
            dH = -beta * sigmoid(-beta * h)
        case .ipo:
            let gap = h - 1 / (2 * beta)
            loss = gap * gap
            dH = 2 * gap
        }
        return PreferenceLossValue(loss: loss, dChosen: dH, dRejected: -dH, logRatioDifference: h,
                                   chosenReward: beta * chosenRatio, rejectedReward: beta * rejectedRatio)
    }

    /// The log-probability a loss sees: the sum over tokens, or its mean when length-normalized.
    public static func sequenceLogProb(_ tokenLogProbs: [Float], lengthNormalized: Bool) -> Double {
        let sum = tokenLogProbs.reduce(0.0) { $0 + Double($1) }
        return lengthNormalized ? sum / Double(max(tokenLogProbs.count, 1)) : sum
    }

    /// ∂(sequence log-prob)/∂(each token's log-prob): 1, or 1/n when length-normalized.
    public static func tokenWeight(count: Int, lengthNormalized: Bool) -> Double {
        lengthNormalized ? 1 / Double(max(count, 1)) : 1
    }

    /// log(1 + eˣ) without overflow.
    static func softplus(_ x: Double) -> Double { max(x, 0) + log1p(exp(-abs(x))) }

    static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }
}
