import Foundation

// Log-probabilities of chosen tokens, the policy's entropy, and the backward of any loss written as a
// function of those log-probabilities (policy gradient, PPO, RLOO, DPO all are).
// ∂ log softmax(x)[y] / ∂x_v = 1[v = y] − p_v, so for L with ∂L/∂ log πₙ = gₙ:
//   ∂L/∂logitsₙ,ᵥ = gₙ·(1[v = yₙ] − pₙ,ᵥ).

// logits (N,V), targets (N) -> logProbs (N) = log softmax(logitsₙ)[targetₙ],
//                               entropies (N) = −Σᵥ pₙ,ᵥ log pₙ,ᵥ
public func tokenLogProbabilitiesAndEntropies(
    logProbs: UnsafeMutablePointer<Float>, entropies: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>,
    targets: UnsafePointer<Int32>, N: Int, V: Int
) {
    Parallel.forEachChunk(N, costPerItem: 3 * V) { rows in
        for n in rows {
            let row = logits + n * V
            let (_, maxValue, sum) = softmaxStatistics(row, V: V)
            let logSum = maxValue + logf(sum)
            logProbs[n] = row[Int(targets[n])] - logSum
            // H = log Z − Σ p·x, with Σ p·x = Σ e^(x−max)·x / sum
            let shift = SIMD8<Float>(repeating: maxValue)
            var lanes = SIMD8<Float>()
            var v = 0
            while v + 8 <= V {
                let x = VectorMath.load(row + v)
                lanes += VectorMath.exp(x - shift) * x
                v += 8
            }
            var weighted = lanes.sum()
            while v < V {
                weighted += expf(row[v] - maxValue) * row[v]
                v += 1
            }
            entropies[n] = max(0, logSum - weighted / sum)
        }
    }
}

// logits (N,V), targets (N), dLogProbs (N) -> dlogits (N,V) = dLogProbsₙ·(1[v = targetₙ] − pₙ,ᵥ),
// written (not accumulated). Rows with dLogProbsₙ = 0 get zeros. dlogits may alias logits: each row
// is read fully before it is overwritten.
public func logProbabilityBackward(
    dlogits: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>,
    dLogProbs: UnsafePointer<Float>, N: Int, V: Int
) {
    Parallel.forEachChunk(N, costPerItem: 3 * V) { rows in
        for n in rows {
            let g = dLogProbs[n]
            let row = logits + n * V, dRow = dlogits + n * V
            if g == 0 {
                dRow.update(repeating: 0, count: V)
                continue
            }
            let (_, maxValue, sum) = softmaxStatistics(row, V: V)
            let scale = -g / sum
            let shift = SIMD8<Float>(repeating: maxValue)
            var v = 0
            while v + 8 <= V {
                let p = VectorMath.exp(VectorMath.load(row + v) - shift) * scale
                UnsafeMutableRawPointer(dRow + v).storeBytes(of: p, as: SIMD8<Float>.self)
                v += 8
            }
            while v < V {
                dRow[v] = expf(row[v] - maxValue) * scale
                v += 1
            }
            dRow[Int(targets[n])] += g
        }
    }
}
