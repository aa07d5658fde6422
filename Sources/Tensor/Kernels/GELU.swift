import Foundation

// GELU, tanh approximation (as GPT-2): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).

private let geluScale = Float((2.0 / Double.pi).squareRoot())

// inp (n) -> out (n)
public func geluForward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count: Int) {
    Parallel.forEachChunk(count, costPerItem: 16) { range in
        for i in range {
            let x = inp[i]
            let cube = 0.044715 * x * x * x
            out[i] = 0.5 * x * (1 + tanhf(geluScale * (x + cube)))
        }
    }
}

// dout (n) -> dinp (n) +=
public func geluBackward(dinp: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, dout: UnsafePointer<Float>, count: Int) {
    Parallel.forEachChunk(count, costPerItem: 16) { range in
        for i in range {
            let x = inp[i]
            let cube = 0.044715 * x * x * x
            let tanhOut = tanhf(geluScale * (x + cube))
            let sech2 = 1 - tanhOut * tanhOut
            let localGrad = 0.5 * (1 + tanhOut) + 0.5 * x * sech2 * geluScale * (1 + 3 * 0.044715 * x * x)
            dinp[i] += localGrad * dout[i]
        }
    }
}
