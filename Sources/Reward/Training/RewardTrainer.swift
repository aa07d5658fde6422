import Foundation
import Model
import Tensor
import Train

/// One row of metrics.jsonl of a reward run.
public struct RewardStepMetrics: Codable, Equatable, Sendable {
    public var step: Int
    /// Positions in the step's batch (sequences × padded length).
    public var tokens: Int
    public var loss: Float
    /// Share of ordered pairs of the batch the model ranks as the labels do.
    public var accuracy: Float
    /// Mean r(better) − r(worse) over those pairs.
    public var rewardMargin: Float
    public var gradNorm: Double
    public var learningRate: Float
    public var heldOutLoss: Float?
    public var heldOutAccuracy: Float?

    enum CodingKeys: String, CodingKey {
        case step, tokens, loss, accuracy
        case rewardMargin = "reward_margin"
        case gradNorm = "grad_norm"
        case learningRate = "learning_rate"
        case heldOutLoss = "loss/held_out"
        case heldOutAccuracy = "accuracy/held_out"
    }
}

/// Loss, accuracy and margin of a set of comparisons, with ∂L/∂reward of every sequence.
struct ComparisonLoss {
    var loss = 0.0, correct = 0.0, pairs = 0.0, margin = 0.0
    var dRewards: [Float] = []

    /// `rewards` holds each comparison's completions in order, comparisons one after another.
    init(comparisons: [RewardComparison], rewards: [Float], kind: RewardLossKind, centering: Double) {
        var offset = 0
        let scale = 1 / Double(max(comparisons.count, 1))
        for comparison in comparisons {
            let r = rewards[offset..<(offset + comparison.completions.count)].map(Double.init)
            let gradient: [Double]
            if kind == .pl {
                let result = PlackettLuceLoss.evaluate(rankedRewards: r, centering: centering)
                loss += result.loss
                gradient = result.gradient
            } else {
                let result = BradleyTerryLoss.evaluate(chosen: r[0], rejected: r[1], margin: kind == .margin ? comparison.margin : 0,
                                                       centering: centering)
                loss += result.loss
                gradient = [result.dChosen, result.dRejected]
            }
            dRewards += gradient.map { Float($0 * scale) }
            for i in r.indices { for j in (i + 1)..<r.count {
                pairs += 1
                margin += r[i] - r[j]
                if r[i] > r[j] { correct += 1 }
            } }
            offset += comparison.completions.count
        }
        loss *= scale
    }

    var accuracy: Float { Float(pairs > 0 ? correct / pairs : 0) }
    var meanMargin: Float { Float(pairs > 0 ? margin / pairs : 0) }
}

/// Clipped AdamW on a warmup+cosine schedule over backbone and head (one global gradient norm).
public final class RewardTrainer {
    public let model: RewardModel
    public let config: RewardTrainConfig
    public let optimizer: AdamW
    public let headOptimizer: AdamW
    public let schedule: LearningRateSchedule
    let training: [[[Int32]]]
    let heldOut: [[[Int32]]]
    let data: RewardComparisons
    public let order: RewardDataOrder

    public init(model: RewardModel, config: RewardTrainConfig, data: RewardComparisons) {
        self.model = model
        self.config = config
        self.data = data
        let adam = AdamWConfig(weightDecay: config.weightDecay)
        optimizer = AdamW(layout: model.backbone.layout, config: adam)
        var headLayout = TensorLayout()
        headLayout.append(RewardModel.headName, [1, model.head.count])
        headOptimizer = AdamW(layout: headLayout, config: adam)
        training = data.training.map { c in c.completions.map { model.encode(prompt: c.prompt, completion: $0) } }
        heldOut = data.heldOut.map { c in c.completions.map { model.encode(prompt: c.prompt, completion: $0) } }
        order = RewardDataOrder(count: data.training.count, batchSize: config.batchSize, epochs: config.epochs,
                                seed: config.memberSeed, bootstrap: config.bootstrap,
                                lengths: config.groupByLength ? training.map { $0.map(\.count).max() ?? 0 } : nil)
        schedule = LearningRateSchedule(peakRate: config.learningRate, minimumRate: config.minimumLearningRate,
                                        warmupSteps: config.warmupSteps, totalSteps: order.steps)
    }

    public func step(_ step: Int) throws -> RewardStepMetrics {
        let indices = order.batch(step: step)
        let sequences = indices.flatMap { training[$0] }
        model.zeroGradients()
        let rewards = try model.forward(sequences)
        let result = ComparisonLoss(comparisons: indices.map { data.training[$0] }, rewards: rewards, kind: config.loss,
                                    centering: config.centering)
        guard result.loss.isFinite else { throw TrainingError.nonFinite(step: step, quantity: "loss") }
        try model.backward(dRewards: result.dRewards)
        let norm = clipGradientNorm([model.backbone.gradients, model.headGradient], maxNorm: config.gradientClip)  // one norm over both groups
        guard norm.isFinite else { throw TrainingError.nonFinite(step: step, quantity: "gradient norm") }
        let rate = schedule.rate(at: step)
        optimizer.step(parameters: model.backbone.parameters.pointer, gradients: model.backbone.gradients.pointer, learningRate: rate)
        headOptimizer.step(parameters: model.head.pointer, gradients: model.headGradient.pointer, learningRate: rate)
        return RewardStepMetrics(step: step, tokens: sequences.count * (sequences.map(\.count).max() ?? 0), loss: Float(result.loss),
                                 accuracy: result.accuracy, rewardMargin: result.meanMargin, gradNorm: norm, learningRate: rate)
    }

    /// Loss and accuracy on the held-out comparisons (forward only), nil without any.
    public func heldOutFigures() throws -> (loss: Float, accuracy: Float)? {
        guard !heldOut.isEmpty else { return nil }
        let rewards = try model.rawRewards(sequences: heldOut.flatMap { $0 }, batchSize: 2 * config.batchSize)
        let result = ComparisonLoss(comparisons: data.heldOut, rewards: rewards, kind: config.loss, centering: config.centering)
        return (Float(result.loss), result.accuracy)
    }

    public func state(nextStep: Int) -> TrainerState {
        TrainerState(nextStep: nextStep, optimizerSteps: optimizer.stepCount, dataGenerator: Xoshiro256StarStar(seed: config.memberSeed))
    }
}
