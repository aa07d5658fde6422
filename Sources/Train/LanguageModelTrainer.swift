import Foundation
import Model
import Tensor

public struct TrainingStepMetrics: Codable, Equatable, Sendable {
    public var step: Int
    public var loss: Float
    public var gradNorm: Double
    public var learningRate: Float
    public var heldOutLoss: Float?

    enum CodingKeys: String, CodingKey {
        case step, loss
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

    public func step(_ step: Int, data: PackedTokens) throws -> TrainingStepMetrics {
        let (inputs, targets) = data.sampleBatch(B: config.batchSize, T: config.sequenceLength, generator: &generator)
        try model.forward(tokens: inputs, B: config.batchSize, T: config.sequenceLength)
        model.zeroGradients()
        let loss = try model.languageModelLossAndBackward(targets: targets)
        guard loss.isFinite else { throw TrainingError.nonFinite(step: step, quantity: "loss") }
        let norm = clipGradientNorm(model.gradients.pointer, count: model.gradients.count, maxNorm: config.gradientClip)
        guard norm.isFinite else { throw TrainingError.nonFinite(step: step, quantity: "gradient norm") }
        let rate = schedule.rate(at: step)
        optimizer.step(parameters: model.parameters.pointer, gradients: model.gradients.pointer, learningRate: rate)
        return TrainingStepMetrics(step: step, loss: loss, gradNorm: norm, learningRate: rate)
    }

    /// Mean next-token loss over held-out windows (no gradient is kept).
    public func heldOutLoss(data: PackedTokens, maxWindows: Int = 64) throws -> Float? {
        let windows = data.heldOutWindows(T: config.sequenceLength, maxWindows: maxWindows)
        guard !windows.isEmpty else { return nil }
        var total: Double = 0
        for window in windows {
            let logProbabilities = try model.tokenLogProbabilities(tokens: window.inputs, targets: window.targets, B: 1, T: config.sequenceLength)
            total -= logProbabilities.reduce(0) { $0 + Double($1) } / Double(logProbabilities.count)
        }
        return Float(total / Double(windows.count))
    }
}
