import Foundation

/// Means over a set of pairs of the loss and TRL's implicit-reward figures.
public struct DPOFigures: Equatable, Sendable {
    public var loss: Float
    /// Mean β·(log π(y_c) − log π_ref(y_c)).
    public var chosenReward: Float
    public var rejectedReward: Float
    /// Share of pairs whose chosen reward exceeds the rejected one.
    public var accuracy: Float
    /// Mean chosen − rejected reward.
    public var margin: Float
    /// Mean policy log-probability (per token when length-normalized) of chosen and rejected completions.
    public var chosenLogProb: Float
    public var rejectedLogProb: Float

    /// Accumulates pair by pair, then `figures` averages.
    struct Accumulator {
        var pairs = 0.0, loss = 0.0, chosenReward = 0.0, rejectedReward = 0.0, correct = 0.0, chosenLogProb = 0.0, rejectedLogProb = 0.0

        mutating func add(_ value: PreferenceLossValue, policyChosen: Double, policyRejected: Double) {
            pairs += 1
            loss += value.loss
            chosenReward += value.chosenReward
            rejectedReward += value.rejectedReward
            if value.chosenReward > value.rejectedReward { correct += 1 }
            chosenLogProb += policyChosen
            rejectedLogProb += policyRejected
        }

        mutating func merge(_ other: Accumulator) {
            pairs += other.pairs
            loss += other.loss
            chosenReward += other.chosenReward
            rejectedReward += other.rejectedReward
            correct += other.correct
            chosenLogProb += other.chosenLogProb
            rejectedLogProb += other.rejectedLogProb
        }

        var figures: DPOFigures {
            let n = max(pairs, 1)
            return DPOFigures(loss: Float(loss / n), chosenReward: Float(chosenReward / n), rejectedReward: Float(rejectedReward / n),
                              accuracy: Float(correct / n), margin: Float((chosenReward - rejectedReward) / n),
                              chosenLogProb: Float(chosenLogProb / n), rejectedLogProb: Float(rejectedLogProb / n))
        }
    }
}

/// One row of metrics.jsonl of a DPO/IPO run, with TRL's metric names; the held-out figures
/// (every `eval_every` steps) carry the suffix `/held_out`, as reward runs name theirs.
public struct DPOStepMetrics: Codable, Equatable, Sendable {
    public var step: Int
    /// Positions in the step's batch (2·pairs × padded length).
    public var tokens: Int
    public var loss: Float
    public var chosenReward: Float
    public var rejectedReward: Float
    public var accuracy: Float
    public var margin: Float
    public var chosenLogProb: Float
    public var rejectedLogProb: Float
    public var gradNorm: Double
    public var learningRate: Float
    public var heldOutLoss: Float?
    public var heldOutChosenReward: Float?
    public var heldOutRejectedReward: Float?
    public var heldOutAccuracy: Float?
    public var heldOutMargin: Float?
    public var heldOutChosenLogProb: Float?
    public var heldOutRejectedLogProb: Float?

    enum CodingKeys: String, CodingKey {
        case step, tokens, loss
        case chosenReward = "rewards/chosen"
        case rejectedReward = "rewards/rejected"
        case accuracy = "rewards/accuracies"
        case margin = "rewards/margins"
        case chosenLogProb = "logps/chosen"
        case rejectedLogProb = "logps/rejected"
        case gradNorm = "grad_norm"
        case learningRate = "learning_rate"
        case heldOutLoss = "loss/held_out"
        case heldOutChosenReward = "rewards/chosen/held_out"
        case heldOutRejectedReward = "rewards/rejected/held_out"
        case heldOutAccuracy = "rewards/accuracies/held_out"
        case heldOutMargin = "rewards/margins/held_out"
        case heldOutChosenLogProb = "logps/chosen/held_out"
        case heldOutRejectedLogProb = "logps/rejected/held_out"
    }

    init(step: Int, tokens: Int, figures: DPOFigures, gradNorm: Double, learningRate: Float) {
        self.step = step
        self.tokens = tokens
        loss = figures.loss
        chosenReward = figures.chosenReward
        rejectedReward = figures.rejectedReward
        accuracy = figures.accuracy
        margin = figures.margin
        chosenLogProb = figures.chosenLogProb
        rejectedLogProb = figures.rejectedLogProb
        self.gradNorm = gradNorm
        self.learningRate = learningRate
    }

    public var heldOut: DPOFigures? {
        get {
            guard let heldOutLoss, let heldOutChosenReward, let heldOutRejectedReward, let heldOutAccuracy, let heldOutMargin,
                  let heldOutChosenLogProb, let heldOutRejectedLogProb else { return nil }
            return DPOFigures(loss: heldOutLoss, chosenReward: heldOutChosenReward, rejectedReward: heldOutRejectedReward,
                              accuracy: heldOutAccuracy, margin: heldOutMargin, chosenLogProb: heldOutChosenLogProb,
                              rejectedLogProb: heldOutRejectedLogProb)
        }
        set {
            heldOutLoss = newValue?.loss
            heldOutChosenReward = newValue?.chosenReward
            heldOutRejectedReward = newValue?.rejectedReward
            heldOutAccuracy = newValue?.accuracy
            heldOutMargin = newValue?.margin
            heldOutChosenLogProb = newValue?.chosenLogProb
            heldOutRejectedLogProb = newValue?.rejectedLogProb
        }
    }
}
