import Foundation

/// max and log Σ exp of one logits row, eight lanes at a time. The row statistics run over the whole
/// vocabulary for every sampled token, and libm's scalar expf was the largest cost of sampling.
enum RowStatistics {
    /// row (V) -> (index of the first maximum, the maximum, log Σ exp(row)).
    static func of(_ row: UnsafePointer<Float>, count V: Int) -> (argmax: Int, max: Float, logSumExp: Float) {
        var maxValue = -Float.infinity, argmax = 0
        for v in 0..<V where row[v] > maxValue {
            maxValue = row[v]
            argmax = v
        }
        let shift = SIMD8<Float>(repeating: maxValue)
        var lanes = SIMD8<Float>()
        var v = 0
        while v + 8 <= V {
            lanes += exponential(UnsafeRawPointer(row + v).loadUnaligned(as: SIMD8<Float>.self) - shift)
            v += 8
        }
        var sum = lanes.sum()
        while v < V {
            sum += expf(row[v] - maxValue)
            v += 1
        }
        return (argmax, maxValue, maxValue + logf(sum))
    }

    /// e^x for x ≤ 0 (Cephes expf: x = n·ln2 + r, |r| ≤ ln2/2, degree-5 polynomial; relative error ~2e-7).
    /// Below −87 the result underflows to 0.
    @inline(__always)
    static func exponential(_ input: SIMD8<Float>) -> SIMD8<Float> {
        var x = input
        x.replace(with: SIMD8(repeating: -87), where: x .< -87)
        let magic = SIMD8<Float>(repeating: 12_582_912)  // 1.5·2²³: adding it rounds to an integer
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_1e-1
        p = p * r * r + r + 1
        // 2ⁿ from n's integer bits, which sit in the low mantissa bits of `shifted`.
        let bits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127
        return p * unsafeBitCast(bits &<< 23, to: SIMD8<Float>.self)
    }
}
