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
            let targetLogit = row[target]  // read before dRow (possibly the same row) is overwritten
            // e^(x − max) is written once into dRow while it is summed, then scaled into p·scale in place.
            let maxValue = rowMaximum(row, V: V)
            let sum = storeShiftedExponentials(dRow, row, V: V, shift: maxValue)
            let logSum = logf(sum) + maxValue
            rowLosses[n] = weight * (logSum - targetLogit)
            let scale = weight * normalizer
            scaleInPlace(dRow, V: V, by: scale / sum)
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

/// The largest value of a row, eight lanes at a time.
@inline(__always)
func rowMaximum(_ row: UnsafePointer<Float>, V: Int) -> Float {
    var lanes = SIMD8<Float>(repeating: -.infinity)
    var v = 0
    while v + 8 <= V {
        let x = VectorMath.load(row + v)
        lanes.replace(with: x, where: x .> lanes)  // a compare and a blend (pointwiseMax handles NaN lane by lane)
        v += 8
    }
    var maxValue = lanes.max()
    while v < V {
        maxValue = max(maxValue, row[v])
        v += 1
    }
    return maxValue
}

/// out[v] = e^(row[v] − shift); returns Σ out. `out` may be `row`.
@inline(__always)
func storeShiftedExponentials(_ out: UnsafeMutablePointer<Float>, _ row: UnsafePointer<Float>, V: Int, shift: Float) -> Float {
    let shiftLanes = SIMD8<Float>(repeating: shift)
    var lanes = SIMD8<Float>()
    var v = 0
    while v + 8 <= V {
        let e = VectorMath.exp(VectorMath.load(row + v) - shiftLanes)
        VectorMath.store(e, out + v)
        lanes += e
        v += 8
    }
    var sum = lanes.sum()
    while v < V {
        let e = expf(row[v] - shift)
        out[v] = e
        sum += e
        v += 1
    }
    return sum
}

/// row[v] *= factor, eight lanes at a time.
@inline(__always)
func scaleInPlace(_ row: UnsafeMutablePointer<Float>, V: Int, by factor: Float) {
    var v = 0
    while v + 8 <= V {
        VectorMath.store(VectorMath.load(row + v) * factor, row + v)
        v += 8
    }
    while v < V {
        row[v] *= factor
        v += 1
    }
}
