import Foundation

public struct AdamWConfig: Codable, Equatable, Sendable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.95
    public var epsilon: Float = 1e-8
    public var weightDecay: Float = 0.1

    public init(beta1: Float = 0.9, beta2: Float = 0.95, epsilon: Float = 1e-8, weightDecay: Float = 0.1) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }
}

/// AdamW (Loshchilov & Hutter) with decoupled weight decay, as torch.optim.AdamW:
/// p ← p·(1 − lr·wd) − lr·m̂/(√v̂ + ε). Decay applies to matrices and embeddings only;
/// biases and norm gains (1-D tensors) are not decayed (the GPT-2/nanoGPT convention).
public final class AdamW {
    public let config: AdamWConfig
    public let layout: TensorLayout
    public let firstMoment: FloatBuffer
    public let secondMoment: FloatBuffer
    public private(set) var stepCount = 0

    public init(layout: TensorLayout, config: AdamWConfig = AdamWConfig()) {
        self.layout = layout
        self.config = config
        firstMoment = FloatBuffer(count: layout.totalCount)
        secondMoment = FloatBuffer(count: layout.totalCount)
    }

    public static func isDecayed(_ spec: TensorSpec) -> Bool { spec.shape.count >= 2 }

    // parameters (P), gradients (P) -> parameters updated in place
    public func step(parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>, learningRate: Float) {
        stepCount += 1
        let biasCorrection1 = 1 - powf(config.beta1, Float(stepCount))
        let biasCorrection2 = 1 - powf(config.beta2, Float(stepCount))
        let (beta1, beta2, epsilon) = (config.beta1, config.beta2, config.epsilon)
        let m = firstMoment.pointer, v = secondMoment.pointer
        for spec in layout.specs {
            let decay: Float = Self.isDecayed(spec) ? 1 - learningRate * config.weightDecay : 1
            let range = spec.offset..<(spec.offset + spec.count)
            Parallel.forEachChunk(range.count, costPerItem: 8) { chunk in
                for i in (range.lowerBound + chunk.lowerBound)..<(range.lowerBound + chunk.upperBound) {
                    let g = gradients[i]
                    m[i] = beta1 * m[i] + (1 - beta1) * g
                    v[i] = beta2 * v[i] + (1 - beta2) * g * g
                    let mHat = m[i] / biasCorrection1
                    let vHat = v[i] / biasCorrection2
                    parameters[i] = parameters[i] * decay - learningRate * mHat / (vHat.squareRoot() + epsilon)
                }
            }
        }
    }

    /// Restores the optimizer's counter (the moments are restored through their buffers).
    public func restore(stepCount: Int) { self.stepCount = stepCount }
}
