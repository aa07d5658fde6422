import Foundation

// Layer norm over the last axis: out = (x - mean) * rstd * weight + bias.

// inp (N,C), weight (C), bias (C) -> out (N,C), mean (N), rstd (N)
public func layerNormForward(
    out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
    inp: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    N: Int, C: Int, eps: Float
) {
    Parallel.forEachChunk(N, costPerItem: 4 * C) { rows in
        for n in rows {
            let x = inp + n * C
            var sum: Float = 0
            for i in 0..<C { sum += x[i] }
            let m = sum / Float(C)
            var variance: Float = 0
            for i in 0..<C {
                let d = x[i] - m
                variance += d * d
            }
            let s = 1 / (variance / Float(C) + eps).squareRoot()
            let y = out + n * C
            for i in 0..<C { y[i] = (x[i] - m) * s * weight[i] + bias[i] }
            mean[n] = m
            rstd[n] = s
        }
    }
}

// dout (N,C) -> dinp (N,C) +=, dweight (C) +=, dbias (C) +=
public func layerNormBackward(
    dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>, dbias: UnsafeMutablePointer<Float>,
    dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
    mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>, N: Int, C: Int
) {
    // dinp rows are independent: parallel. dweight/dbias sum over rows: serial, to stay deterministic.
    Parallel.forEachChunk(N, costPerItem: 6 * C) { rows in
        for n in rows {
            let x = inp + n * C, dy = dout + n * C, dx = dinp + n * C
            let m = mean[n], s = rstd[n]
            var meanDNorm: Float = 0, meanDNormXHat: Float = 0
            for i in 0..<C {
                let dnorm = weight[i] * dy[i]
                meanDNorm += dnorm
                meanDNormXHat += dnorm * (x[i] - m) * s
            }
            meanDNorm /= Float(C)
            meanDNormXHat /= Float(C)
            for i in 0..<C {
                let xHat = (x[i] - m) * s
                dx[i] += (weight[i] * dy[i] - meanDNorm - xHat * meanDNormXHat) * s
            }
        }
    }
    for n in 0..<N {
        let x = inp + n * C, dy = dout + n * C
        let m = mean[n], s = rstd[n]
        for i in 0..<C {
            dbias[i] += dy[i]
            dweight[i] += (x[i] - m) * s * dy[i]
        }
    }
}
