import Foundation

/// Estimators of KL(π‖π_ref) from tokens sampled from π (DESIGN.md §1), in nats.
/// With ρₜ = log π(yₜ|·) − log π_ref(yₜ|·): k1 = Σₜ ρₜ (unbiased, can be negative);
/// k3 = Σₜ (e^(−ρₜ) − 1 + ρₜ) (unbiased for the per-token KL, never negative).
public enum KLEstimate {
    /// Per-token log-ratios ρₜ of one sequence.
    public static func logRatios(policy: [Float], reference: [Float]) -> [Float] {
        zip(policy, reference).map { $0 - $1 }
    }

    public static func k1(policy: [Float], reference: [Float]) -> Double {
        zip(policy, reference).reduce(0.0) { $0 + Double($1.0 - $1.1) }
    }

    public static func k3(policy: [Float], reference: [Float]) -> Double {
        zip(policy, reference).reduce(0.0) { total, pair in
            let rho = Double(pair.0 - pair.1)
            return total + (exp(-rho) - 1 + rho)
        }
    }

    /// The per-token k3 terms (for a KL penalty applied per token).
    public static func k3Terms(policy: [Float], reference: [Float]) -> [Float] {
        zip(policy, reference).map { p, r in
            let rho = Double(p - r)
            return Float(exp(-rho) - 1 + rho)
        }
    }
}
