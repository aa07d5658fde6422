import Foundation

/// Linear warmup, then cosine decay to `minimumRate` (the nanoGPT schedule).
public struct LearningRateSchedule: Codable, Equatable, Sendable {
    public var peakRate: Float
    public var minimumRate: Float
    public var warmupSteps: Int
    public var totalSteps: Int

    public init(peakRate: Float, minimumRate: Float = 0, warmupSteps: Int = 0, totalSteps: Int) {
        self.peakRate = peakRate
        self.minimumRate = minimumRate
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
    }

    /// The rate for 0-based `step`.
    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return peakRate * Float(step + 1) / Float(warmupSteps) }
        if step >= totalSteps { return minimumRate }
        let progress = Double(step - warmupSteps) / Double(max(1, totalSteps - warmupSteps))
        let cosine = 0.5 * (1 + cos(Double.pi * progress))
        return minimumRate + Float(cosine) * (peakRate - minimumRate)
    }
}
