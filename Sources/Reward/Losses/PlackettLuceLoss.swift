import Foundation

/// Plackett–Luce loss of one ranking, forward and backward side by side:
/// L = −Σ_i log( e^{r_(i)} / Σ_{j≥i} e^{r_(j)} ), rewards given from best to worst. The last term
/// is log 1 = 0; for two items it is Bradley–Terry. Optional centering adds c·(Σ_i r_i)², the
/// k-wise form of c·(r_c + r_r)².
public enum PlackettLuceLoss {
    public struct Result: Equatable, Sendable {
        public var loss: Double
        /// ∂L/∂r_(i), in the same best-to-worst order as the input.
        public var gradient: [Double]
    }

    public static func evaluate(rankedRewards r: [Double], centering: Double = 0) -> Result {
        let k = r.count
        var loss = 0.0
        var gradient = [Double](repeating: 0, count: k)
        for i in 0..<k {
            // Stage i: a softmax over the items not yet placed (i…k−1); the placed item is i.
            let top = r[i...].max() ?? 0
            let weights = r[i...].map { exp($0 - top) }
            let total = weights.reduce(0, +)
            loss -= r[i] - top - log(total)
            for (offset, weight) in weights.enumerated() { gradient[i + offset] += weight / total }
            gradient[i] -= 1
        }
        let sum = r.reduce(0, +)
        loss += centering * sum * sum
        for i in 0..<k { gradient[i] += 2 * centering * sum }
        return Result(loss: loss, gradient: gradient)
    }
}
