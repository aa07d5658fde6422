// Residual connection: out = a + b.

// a (n), b (n) -> out (n)
public func residualForward(out: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>, count: Int) {
    for i in 0..<count { out[i] = a[i] + b[i] }
}

// dout (n) -> da (n) +=, db (n) +=
// (GPT.backward gets the same effect without a call: both branches accumulate into one residual gradient.)
public func residualBackward(da: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, count: Int) {
    for i in 0..<count {
        da[i] += dout[i]
        db[i] += dout[i]
    }
}
