/// The global L2 norm of a gradient buffer, accumulated in Double.
public func globalNorm(_ gradients: UnsafePointer<Float>, count: Int) -> Double {
    var sum: Double = 0
    for i in 0..<count {
        let g = Double(gradients[i])
        sum += g * g
    }
    return sum.squareRoot()
}

/// Scales gradients so their global norm is at most `maxNorm` (torch.nn.utils.clip_grad_norm_).
/// Returns the norm before clipping, which training logs as `grad_norm`.
@discardableResult
public func clipGradientNorm(_ gradients: UnsafeMutablePointer<Float>, count: Int, maxNorm: Double) -> Double {
    let norm = globalNorm(gradients, count: count)
    guard maxNorm > 0, norm > maxNorm else { return norm }
    let scale = Float(maxNorm / (norm + 1e-6))
    for i in 0..<count { gradients[i] *= scale }
    return norm
}
