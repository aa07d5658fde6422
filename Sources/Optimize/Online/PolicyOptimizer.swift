import Foundation
import Model
import Tensor
import Train

/// AdamW on a GPT's gradients with global-norm clipping and the warmup + cosine schedule of the
/// online settings: what every online method's policy (and PPO's value model) steps with.
public final class PolicyOptimizer {
    public let model: GPT
    public let optimizer: AdamW
    public let schedule: LearningRateSchedule
    public let gradientClip: Double

    public init(model: GPT, settings: OnlineSettings) {
        self.model = model
        optimizer = AdamW(layout: model.layout, config: AdamWConfig(weightDecay: settings.weightDecay))
        schedule = LearningRateSchedule(peakRate: settings.learningRate, minimumRate: settings.minimumLearningRate,
                                        warmupSteps: settings.warmupSteps, totalSteps: settings.steps)
        gradientClip = settings.gradientClip
    }

    /// Clips the accumulated gradients and takes one AdamW step at the rate of `step`.
    /// Returns the gradient norm before clipping and the rate.
    @discardableResult
    public func step(_ step: Int) throws -> (gradientNorm: Double, learningRate: Float) {
        let norm = clipGradientNorm(model.gradients.pointer, count: model.gradients.count, maxNorm: gradientClip)
        guard norm.isFinite else { throw OnlineError.nonFinite(step: step, quantity: "gradient norm") }
        let rate = schedule.rate(at: step)
        optimizer.step(parameters: model.parameters.pointer, gradients: model.gradients.pointer, learningRate: rate)
        return (norm, rate)
    }

    /// `<name>.safetensors` (the moments, `m.<tensor>` / `v.<tensor>`) and `<name>.json` (the step count).
    public func save(to folder: URL, name: String) throws {
        try TrainingCheckpoint.writeMoments(of: optimizer, to: folder.appendingPathComponent("\(name).safetensors"))
        try AtomicFile.write(try JSONFormat.pretty(["step_count": optimizer.stepCount]), to: folder.appendingPathComponent("\(name).json"))
    }

    public func load(from folder: URL, name: String) throws {
        let url = folder.appendingPathComponent("\(name).safetensors")
        guard FileManager.default.fileExists(atPath: url.path) else { throw OnlineError.badCheckpoint(path: url.path, reason: "missing") }
        try TrainingCheckpoint.readMoments(into: optimizer, from: url)
        let stateURL = folder.appendingPathComponent("\(name).json")
        guard let data = FileManager.default.contents(atPath: stateURL.path),
              let state = try? JSONDecoder().decode([String: Int].self, from: data), let count = state["step_count"] else {
            throw OnlineError.badCheckpoint(path: stateURL.path, reason: "missing or without \"step_count\"")
        }
        optimizer.restore(stepCount: count)
    }
}
