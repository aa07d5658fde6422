import Foundation

/// Bradley–Terry pairwise loss, forward and backward side by side (llm.c style):
/// L = −log σ(r_c − r_r − m) + c·(r_c + r_r)², with m = 0 or a margin from the data (Llama 2)
/// and c the optional reward-centering coefficient (0 disables it).
public enum BradleyTerryLoss {
    public struct Result: Equatable, Sendable {
        public var loss: Double
        /// ∂L/∂r_c and ∂L/∂r_r.
        public var dChosen: Double
        public var dRejected: Double
    }

    public static func evaluate(chosen: Double, rejected: Double, margin: Double = 0, centering: Double = 0) -> Result {
        let x = chosen - rejected - margin
        // −log σ(x) = softplus(−x), written so that neither branch overflows.
        let loss = max(-x, 0) + log1p(exp(-abs(x)))
        // d softplus(−x)/dx = −σ(−x)
        let dx = -sigmoid(-x)
        let sum = chosen + rejected
        let dCentering = 2 * centering * sum
        return Result(loss: loss + centering * sum * sum, dChosen: dx + dCentering, dRejected: -dx + dCentering)
    }

    public static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }
}
