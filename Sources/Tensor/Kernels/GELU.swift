import Foundation

// GELU, tanh approximation (as GPT-2): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
// Eight lanes at a time through VectorMath.tanh; the scalar tail uses the same formula.

private let geluScale = Float((2.0 / Double.pi).squareRoot())

@inline(__always)
private func geluTanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
    VectorMath.tanh(geluScale * (x + 0.044715 * x * x * x))
}

/// Pads a 1–7 element tail into one vector so the tail takes the same path.
@inline(__always)
private func tail(_ pointer: UnsafePointer<Float>, _ count: Int) -> SIMD8<Float> {
    var lanes = SIMD8<Float>()
    for i in 0..<count { lanes[i] = pointer[i] }
    return lanes
}

// inp (n) -> out (n)
public func geluForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count: Int) {
    @inline(__always) func gelu(_ x: SIMD8<Float>) -> SIMD8<Float> { 0.5 * x * (1 + geluTanh(x)) }
    Parallel.forEachChunk(count / 8 + 1, costPerItem: 64) { blocks in
        for block in blocks {
            let i = block * 8
            if i + 8 <= count {
                VectorMath.store(gelu(VectorMath.load(inp + i)), out + i)
            } else if i < count {
                let values = gelu(tail(inp + i, count - i))
                for j in 0..<(count - i) { out[i + j] = values[j] }
            }
        }
    }
}

// dout (n) -> dinp (n) += (or =, when `overwrite`: no zeroing pass first)
public func geluBackward(
    dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, dout: UnsafePointer<Float>, count: Int, overwrite: Bool = false
) {
    @inline(__always) func localGradient(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let t = geluTanh(x)
        let sech2 = 1 - t * t
        return 0.5 * (1 + t) + 0.5 * x * sech2 * geluScale * (1 + 3 * 0.044715 * x * x)
    }
    Parallel.forEachChunk(count / 8 + 1, costPerItem: 64) { blocks in
        for block in blocks {
            let i = block * 8
            if i + 8 <= count {
                let gradient = localGradient(VectorMath.load(inp + i)) * VectorMath.load(dout + i)
                VectorMath.store(overwrite ? gradient : VectorMath.load(dinp + i) + gradient, dinp + i)
            } else if i < count {
                let gradient = localGradient(tail(inp + i, count - i))
                for j in 0..<(count - i) { dinp[i + j] = (overwrite ? 0 : dinp[i + j]) + gradient[j] * dout[i + j] }
            }
        }
    }
}
