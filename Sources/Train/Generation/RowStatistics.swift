import Foundation
import Tensor

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
            lanes += VectorMath.exp(UnsafeRawPointer(row + v).loadUnaligned(as: SIMD8<Float>.self) - shift)
            v += 8
        }
        var sum = lanes.sum()
        while v < V {
            sum += expf(row[v] - maxValue)
            v += 1
        }
        return (argmax, maxValue, maxValue + logf(sum))
    }
}
