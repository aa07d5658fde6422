import Foundation
import Model
import Tensor

public struct TrainingStepMetrics: Codable, Equatable, Sendable {
    public var step: Int
    /// Positions in the step's batch (B·T, padding included): what the engine computed.
    public var tokens: Int
    public var loss: Float
    public var gradNorm: Double
    public var learningRate: Float
    public var heldOutLoss: Float?

    enum CodingKeys: String, CodingKey {
        case step, tokens, loss
        case gradNorm = "grad_norm"
        case learningRate = "learning_rate"
        case heldOutLoss = "loss/held_out"
    }
}

/// Next-token training of a GPT: batches from the packed stream, clipped AdamW on a warmup+cosine schedule.
public final class LanguageModelTrainer {
    public let model: GPT
    public let config: SFTConfig
    public let optimizer: AdamW
    public let schedule: LearningRateSchedule
    public private(set) var generator: Xoshiro256StarStar

    public init(model: GPT, config: SFTConfig) {
        self.model = model
        self.config = config
        optimizer = AdamW(layout: model.layout, config: AdamWConfig(weightDecay: config.weightDecay))
        schedule = LearningRateSchedule(peakRate: config.learningRate, minimumRate: config.minimumLearningRate,
                                        warmupSteps: config.warmupSteps, totalSteps: config.steps)
        // The data order has its own stream, derived from the run's seed, so it does not depend on initialisation.
        generator = Xoshiro256StarStar(seed: config.seed &+ 0x5EED_DA7A)
    }

    /// The state a checkpoint needs, as of before `nextStep`.
    public func state(nextStep: Int) -> TrainerState {
        TrainerState(nextStep: nextStep, optimizerSteps: optimizer.stepCount, dataGenerator: generator)
    }

    public func restore(_ state: TrainerState) {
        generator = state.dataGenerator
        optimizer.restore(stepCount: state.optimizerSteps)
    }

    public func step(_ step: Int, data: some TrainingData) throws -> TrainingStepMetrics {
        let batch = data.sampleBatch(B: config.batchSize, generator: &generator)
        try model.forward(tokens: batch.inputs, B: batch.B, T: batch.T)
        model.zeroGradients()
        let loss = try model.languageModelLossAndBackward(targets: batch.targets, mask: batch.mask)
        guard loss.isFinite else { throw TrainingError.nonFinite(step: step, quantity: "loss") }
        let norm = clipGradientNorm(model.gradients.pointer, count: model.gradients.count, maxNorm: config.gradientClip)
        guard norm.isFinite else { throw TrainingError.nonFinite(step: step, quantity: "gradient norm") }
        let rate = schedule.rate(at: step)
        optimizer.step(parameters: model.parameters.pointer, gradients: model.gradients.pointer, learningRate: rate)
        return TrainingStepMetrics(step: step, tokens: batch.B * batch.T, loss: loss, gradNorm: norm, learningRate: rate)
    }

    /// Mean next-token loss over the held-out batches' unmasked positions (no gradient is kept).
    public func heldOutLoss(data: some TrainingData, maxBatches: Int = 8) throws -> Float? {
        var total: Double = 0, weight: Double = 0
        for batch in data.heldOutBatches(B: config.batchSize, maxBatches: maxBatches) {
            let logProbabilities = try model.tokenLogProbabilities(tokens: batch.inputs, targets: batch.targets, B: batch.B, T: batch.T)
            for (i, logProbability) in logProbabilities.enumerated() {
                let w = Double(batch.mask?[i] ?? 1)
                total -= w * Double(logProbability)
                weight += w
            }
        }
        return weight > 0 ? Float(total / weight) : nil
    }
}
