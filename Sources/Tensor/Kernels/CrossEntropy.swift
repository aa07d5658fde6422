import Foundation

// Fused softmax + cross-entropy with a per-position mask.
// loss = Σₙ maskₙ·(−log softmax(logitsₙ)[targetₙ]) / Σₙ maskₙ ; masked positions contribute nothing.

// logits (N,V), targets (N), mask (N) or nil (all ones)
//   -> mean loss; rowLosses (N) = maskₙ·lossₙ; dlogits (N,V) of the mean loss, written (not accumulated).
// dlogits may alias logits: each row is read fully before it is overwritten.
public func crossEntropyForwardBackward(
    dlogits: UnsafeMutablePointer<Float>, rowLosses: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>,
    targets: UnsafePointer<Int32>, mask: UnsafePointer<Float>?, N: Int, V: Int
) -> Float {
    var weightSum: Float = 0
    for n in 0..<N { weightSum += mask?[n] ?? 1 }
    let normalizer: Float = weightSum > 0 ? 1 / weightSum : 0
    Parallel.forEachChunk(N, costPerItem: 3 * V) { rows in
        for n in rows {
            let weight = mask?[n] ?? 1
            let row = logits + n * V, dRow = dlogits + n * V
            let target = Int(targets[n])
            if weight == 0 {
                dRow.update(repeating: 0, count: V)
                rowLosses[n] = 0
                continue
            }
            let (_, maxValue, sum) = softmaxStatistics(row, V: V)
            let logSum = logf(sum) + maxValue
            rowLosses[n] = weight * (logSum - row[target])
            let scale = weight * normalizer
            let inverseSum = 1 / sum
            for v in 0..<V { dRow[v] = expf(row[v] - maxValue) * inverseSum * scale }
            dRow[target] -= scale
        }
    }
    var total: Float = 0
    for n in 0..<N { total += rowLosses[n] }
    return total * normalizer
}

// logits (N,V), targets (N) -> logProbs (N) = log softmax(logitsₙ)[targetₙ]
public func tokenLogProbabilities(
    out: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, N: Int, V: Int
) {
    Parallel.forEachChunk(N, costPerItem: 2 * V) { rows in
        for n in rows {
            let row = logits + n * V
            let (_, maxValue, sum) = softmaxStatistics(row, V: V)
            out[n] = row[Int(targets[n])] - maxValue - logf(sum)
        }
    }
}

/// A logits row's first maximum, its index and Σ exp(x − max): a numerically safe softmax in two reads,
/// the sum eight lanes at a time (libm's scalar expf was the largest cost of sampling). The loss, the
/// per-token log-probabilities and the sampler all use it.
// row (V) -> (argmax, max, Σ exp(row − max))
public func softmaxStatistics(_ row: UnsafePointer<Float>, V: Int) -> (argmax: Int, max: Float, sum: Float) {
    var maxValue = -Float.infinity, argmax = 0
    for v in 0..<V where row[v] > maxValue {
        maxValue = row[v]
        argmax = v
    }
    let shift = SIMD8<Float>(repeating: maxValue)
    var lanes = SIMD8<Float>()
    var v = 0
    while v + 8 <= V {
        lanes += VectorMath.exp(VectorMath.load(row + v) - shift)
        v += 8
    }
    var sum = lanes.sum()
    while v < V {
        sum += expf(row[v] - maxValue)
        v += 1
    }
    return (argmax, maxValue, sum)
}
