import Foundation

// Attention over a KV cache (forward only), for incremental decoding.
// The cache of one layer is (slots, NH, capacity, hs): the positions of one (sequence, head)
// are contiguous, so a query reads its keys and values as one dense block.

// qkv (N,3C), rowSlots (N), rowPositions (N) -> keys, values (slots,NH,capacity,hs) of one layer,
// row r written at [rowSlots[r], h, rowPositions[r], :] for every head h
public func kvCacheWrite(
    keys: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Float>, qkv: UnsafePointer<Float>,
    rowSlots: UnsafePointer<Int>, rowPositions: UnsafePointer<Int>, N: Int, C: Int, NH: Int, capacity: Int
) {
    let hs = C / NH
    for r in 0..<N {
        let k = qkv + r * 3 * C + C, v = k + C
        for h in 0..<NH {
            let destination = ((rowSlots[r] * NH + h) * capacity + rowPositions[r]) * hs
            (keys + destination).update(from: k + h * hs, count: hs)
            (values + destination).update(from: v + h * hs, count: hs)
        }
    }
}

// One (sequence, head): n new query rows at positions past..<past+n attend causally to the
// cached positions 0...past+i.
// q (n, ldq) (the head's hs columns), keys (past+n, hs), values (past+n, hs) -> out (n, ldo) (hs columns);
// scores (n, past+n) scratch. One row is two plain loops; several rows are two sgemm calls.
public func cachedAttentionForward(
    out: UnsafeMutablePointer<Float>, ldo: Int, q: UnsafePointer<Float>, ldq: Int,
    keys: UnsafePointer<Float>, values: UnsafePointer<Float>, scores: UnsafeMutablePointer<Float>,
    past: Int, n: Int, hs: Int
) {
    let S = past + n
    let scale = 1 / Float(hs).squareRoot()
    if n == 1 {
        var maxValue = -Float.infinity
        for j in 0..<S {
            let dot = dotProduct(q, keys + j * hs, count: hs) * scale
            scores[j] = dot
            if dot > maxValue { maxValue = dot }
        }
        let sum = storeShiftedExponentials(scores, scores, V: S, shift: maxValue)
        let inverse = 1 / sum
        for i in 0..<hs { out[i] = 0 }
        for j in 0..<S {
            let weight = scores[j] * inverse, value = values + j * hs
            for i in 0..<hs { out[i] += weight * value[i] }
        }
        return
    }
    BLAS.sgemm(transposeB: true, m: n, n: S, k: hs, alpha: scale, a: q, lda: ldq, b: keys, ldb: hs, c: scores, ldc: S)
    for t in 0..<n {
        let row = scores + t * S, visible = past + t + 1
        let sum = storeShiftedExponentials(row, row, V: visible, shift: rowMaximum(row, V: visible))
        scaleInPlace(row, V: visible, by: 1 / sum)
        (row + visible).update(repeating: 0, count: S - visible)
    }
    BLAS.sgemm(m: n, n: hs, k: S, a: scores, lda: S, b: values, ldb: hs, c: out, ldc: ldo)
}

/// Σ a[i]·b[i] with eight lanes (a sequential Float sum does not vectorize).
@inline(__always)
func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        lanes += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
        i += 8
    }
    var sum = lanes.sum()
    while i < count {
        sum += a[i] * b[i]
        i += 1
    }
    return sum
}
