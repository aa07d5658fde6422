import Foundation

// Layer norm over the last axis: out = (x - mean) * rstd * weight + bias.
// The row sums run eight lanes at a time (a sequential Float sum does not vectorize).

// inp (N,C), weight (C), bias (C) -> out (N,C), mean (N), rstd (N)
public func layerNormForward(
    out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
    inp: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
    N: Int, C: Int, eps: Float
) {
    Parallel.forEachChunk(N, costPerItem: 4 * C) { rows in
        for n in rows {
            let x = inp + n * C
            let m = rowSum(x, count: C) / Float(C)
            let s = 1 / (centeredSquareSum(x, count: C, mean: m) / Float(C) + eps).squareRoot()
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
            // Σ w·dy and Σ w·dy·x̂, eight lanes at a time
            var dNormLanes = SIMD8<Float>(), dNormXHatLanes = SIMD8<Float>()
            let meanLanes = SIMD8<Float>(repeating: m)
            var i = 0
            while i + 8 <= C {
                let dnorm = VectorMath.load(weight + i) * VectorMath.load(dy + i)
                dNormLanes += dnorm
                dNormXHatLanes += dnorm * (VectorMath.load(x + i) - meanLanes) * s
                i += 8
            }
            var meanDNorm = dNormLanes.sum(), meanDNormXHat = dNormXHatLanes.sum()
            while i < C {
                let dnorm = weight[i] * dy[i]
                meanDNorm += dnorm
                meanDNormXHat += dnorm * (x[i] - m) * s
                i += 1
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

/// Σ x[i], eight lanes at a time.
@inline(__always)
func rowSum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        lanes += VectorMath.load(x + i)
        i += 8
    }
    var sum = lanes.sum()
    while i < count {
        sum += x[i]
        i += 1
    }
    return sum
}

/// Σ (x[i] − mean)², eight lanes at a time.
@inline(__always)
private func centeredSquareSum(_ x: UnsafePointer<Float>, count: Int, mean: Float) -> Float {
    let meanLanes = SIMD8<Float>(repeating: mean)
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        let d = VectorMath.load(x + i) - meanLanes
        lanes += d * d
        i += 8
    }
    var sum = lanes.sum()
    while i < count {
        let d = x[i] - mean
        sum += d * d
        i += 1
    }
    return sum
}
