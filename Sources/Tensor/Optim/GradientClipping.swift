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

/// `clipGradientNorm` over several buffers as one parameter vector (e.g. a backbone and a head):
/// one joint norm, one scale for all. Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ buffers: [FloatBuffer], maxNorm: Double) -> Double {
    let norm = buffers.reduce(0.0) { total, buffer in
        let n = globalNorm(buffer.pointer, count: buffer.count)
        return total + n * n
    }.squareRoot()
    guard maxNorm > 0, norm > maxNorm else { return norm }
    let scale = Float(maxNorm / (norm + 1e-6))
    for buffer in buffers { for i in 0..<buffer.count { buffer.pointer[i] *= scale } }
    return norm
}
