import Foundation

// Causal multi-head self-attention over a fused qkv projection.
// Per (batch, head): S = QKᵀ/√hs, P = causal softmax(S), O = PV; the products are sgemm
// calls on strided views of qkv, so no head is ever copied out.

// The (batch, head) pairs are independent: they run in parallel, each product on its own thread
// (small products split across threads cost more in hand-offs than they gain).

// qkv (B,T,3C) -> out (B,T,C), att (B,NH,T,T) = P (kept for backward)
public func attentionForward(
    out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
    qkv: UnsafePointer<Float>, B: Int, T: Int, C: Int, NH: Int
) {
    let hs = C / NH
    let scale = 1 / Float(hs).squareRoot()
    Parallel.forEachChunk(B * NH, costPerItem: 2 * T * T * hs) { pairs in
        for pair in pairs {
            let b = pair / NH, h = pair % NH
            let q = qkv + b * T * 3 * C + h * hs
            let k = q + C, v = q + 2 * C
            let p = att + (b * NH + h) * T * T
            BLAS.sgemm(transposeB: true, m: T, n: T, k: hs, alpha: scale, a: q, lda: 3 * C, b: k, ldb: 3 * C, c: p, ldc: T,
                       splitAcrossThreads: false)
            causalSoftmaxRows(p, T: T)
            BLAS.sgemm(m: T, n: hs, k: T, a: p, lda: T, b: v, ldb: 3 * C, c: out + b * T * C + h * hs, ldc: C,
                       splitAcrossThreads: false)
        }
    }
}

// dout (B,T,C) -> dqkv (B,T,3C) +=; scratch holds scratchBlocks·T·T floats (one T×T block per thread used)
public func attentionBackward(
    dqkv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
    qkv: UnsafePointer<Float>, att: UnsafePointer<Float>, scratch scratchBlocksBase: UnsafeMutablePointer<Float>,
    scratchBlocks: Int = 1, B: Int, T: Int, C: Int, NH: Int
) {
    let hs = C / NH
    let scale = 1 / Float(hs).squareRoot()
    Parallel.forEachChunk(B * NH, costPerItem: 4 * T * T * hs, maximumChunks: scratchBlocks) { chunk, pairs in
        let scratch = scratchBlocksBase + chunk * T * T
        for pair in pairs {
            let b = pair / NH, h = pair % NH
            let q = qkv + b * T * 3 * C + h * hs
            let k = q + C, v = q + 2 * C
            let dq = dqkv + b * T * 3 * C + h * hs
            let dk = dq + C, dv = dq + 2 * C
            let p = att + (b * NH + h) * T * T
            let dO = dout + b * T * C + h * hs
            // dP = dO Vᵀ ; dV += Pᵀ dO
            BLAS.sgemm(transposeB: true, m: T, n: T, k: hs, a: dO, lda: C, b: v, ldb: 3 * C, c: scratch, ldc: T,
                       splitAcrossThreads: false)
            BLAS.sgemm(transposeA: true, m: T, n: hs, k: T, a: p, lda: T, b: dO, ldb: C, beta: 1, c: dv, ldc: 3 * C,
                       splitAcrossThreads: false)
            // dS = P ⊙ (dP − Σⱼ P dP), in place
            for t in 0..<T {
                let pRow = p + t * T, dRow = scratch + t * T
                let dot = dotProduct(pRow, dRow, count: t + 1)
                for j in 0...t { dRow[j] = pRow[j] * (dRow[j] - dot) }
                for j in (t + 1)..<T { dRow[j] = 0 }
            }
            // dQ += dS K / √hs ; dK += dSᵀ Q / √hs
            BLAS.sgemm(m: T, n: hs, k: T, alpha: scale, a: scratch, lda: T, b: k, ldb: 3 * C, beta: 1, c: dq, ldc: 3 * C,
                       splitAcrossThreads: false)
            BLAS.sgemm(transposeA: true, m: T, n: hs, k: T, alpha: scale, a: scratch, lda: T, b: q, ldb: 3 * C, beta: 1, c: dk, ldc: 3 * C,
                       splitAcrossThreads: false)
        }
    }
}

// scores (T,T) -> probabilities in place; position t attends to 0...t, the rest become 0
@inline(__always)
private func causalSoftmaxRows(_ scores: UnsafeMutablePointer<Float>, T: Int) {
    for t in 0..<T {
        let row = scores + t * T
        let sum = storeShiftedExponentials(row, row, V: t + 1, shift: rowMaximum(row, V: t + 1))
        scaleInPlace(row, V: t + 1, by: 1 / sum)
        (row + t + 1).update(repeating: 0, count: T - t - 1)
    }
}
