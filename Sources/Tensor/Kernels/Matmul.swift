// Affine layer in Hugging Face Conv1D layout: weight is (in, out), so out = inp · weight + bias.

// inp (N,C), weight (C,OC), bias (OC) or nil -> out (N,OC)
public func matmulForward(
    out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
    weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, N: Int, C: Int, OC: Int
) {
    if let bias {
        for n in 0..<N { (out + n * OC).update(from: bias, count: OC) }
    }
    BLAS.sgemm(m: N, n: OC, k: C, a: inp, lda: C, b: weight, ldb: OC,
               beta: bias == nil ? 0 : 1, c: out, ldc: OC)
}

// dout (N,OC) -> dinp (N,C) += (or =, when `overwriteInputGradient`), dweight (C,OC) +=, dbias (OC) += (when given)
// Overwriting spares the caller zeroing dinp first (one pass over N·C floats fewer).
public func matmulBackward(
    dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>, dbias: UnsafeMutablePointer<Float>?,
    dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
    N: Int, C: Int, OC: Int, overwriteInputGradient: Bool = false
) {
    // dinp = dout · weightᵀ
    BLAS.sgemm(transposeB: true, m: N, n: C, k: OC, a: dout, lda: OC, b: weight, ldb: OC,
               beta: overwriteInputGradient ? 0 : 1, c: dinp, ldc: C)
    // dweight = inpᵀ · dout
    BLAS.sgemm(transposeA: true, m: C, n: OC, k: N, a: inp, lda: C, b: dout, ldb: OC,
               beta: 1, c: dweight, ldc: OC)
    if let dbias {
        for n in 0..<N {
            let row = dout + n * OC
            for o in 0..<OC { dbias[o] += row[o] }
        }
    }
}
