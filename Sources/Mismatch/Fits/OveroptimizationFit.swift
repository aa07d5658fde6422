import Foundation

/// The functional forms of Gao, Schulman & Hilton (2022) for reward against d = √KL, fitted to
/// the change from the start, R(d) = reward(d) − reward(0):
///   best-of-n  R(d) = d(α − β·d)
///   RL         R(d) = d(α − β·log d)
/// Both are linear in (α, β), so the fit is ordinary (or weighted) least squares without intercept.
public enum OveroptimizationForm: String, Codable, Sendable {
    case bestOfN = "best_of_n"
    case reinforcement = "rl"

    /// The two regressors whose coefficients are α and β.
    func features(_ d: Double) -> (Double, Double) {
        switch self {
        case .bestOfN: return (d, -d * d)
        case .reinforcement: return (d, d > 0 ? -d * log(d) : 0)
        }
    }

    public func value(d: Double, alpha: Double, beta: Double) -> Double {
        let (a, b) = features(d)
        return alpha * a + beta * b
    }
}

public struct OveroptimizationFit: Codable, Equatable, Sendable {
    public var form: OveroptimizationForm
    public var alpha: Double
    public var beta: Double
    /// 1 − SS_res/SS_tot of R(d), both sums weighted as the fit is (SS_tot about the weighted mean of R);
    /// nil when R has no spread.
    public var rSquared: Double?
    /// The fitted peak: argmax of R(d) for β > 0 (best-of-n α/(2β); RL e^(α/β − 1)); nil when the
    /// fit has no interior maximum (β ≤ 0, or α ≤ 0 for best-of-n).
    public var peakD: Double?
    /// KL budget implied by the peak: d*² nats.
    public var peakKL: Double?
    /// R(d*), the fitted gain at the peak.
    public var peakGain: Double?
    public var points: Int

    enum CodingKeys: String, CodingKey {
        case form, alpha, beta, points
        case rSquared = "r_squared"
        case peakD = "peak_d"
        case peakKL = "peak_kl"
        case peakGain = "peak_gain"
    }

    /// Least squares of `gains` (reward(d) − reward(0)) on the form's regressors; `weights` (e.g. 1/se²)
    /// make it weighted. Nil with fewer than two points or a singular design (all d equal).
    public static func fit(form: OveroptimizationForm, d: [Double], gains: [Double], weights: [Double]? = nil) -> OveroptimizationFit? {
        guard d.count == gains.count, d.count >= 2, weights.map({ $0.count == d.count }) ?? true else { return nil }
        var saa = 0.0, sab = 0.0, sbb = 0.0, say = 0.0, sby = 0.0
        for i in d.indices {
            let w = weights?[i] ?? 1
            let (a, b) = form.features(d[i])
            saa += w * a * a; sab += w * a * b; sbb += w * b * b
            say += w * a * gains[i]; sby += w * b * gains[i]
        }
        let determinant = saa * sbb - sab * sab
        guard abs(determinant) > 1e-12 * max(saa * sbb, 1e-300) else { return nil }
        let alpha = (say * sbb - sby * sab) / determinant
        let beta = (saa * sby - sab * say) / determinant

        // R² of a weighted fit is about the weighted mean: the same weights on both sums of squares.
        let weightSum = d.indices.reduce(0.0) { $0 + (weights?[$1] ?? 1) }
        let meanGain = d.indices.reduce(0.0) { $0 + (weights?[$1] ?? 1) * gains[$1] } / weightSum
        var residual = 0.0, total = 0.0
        for i in d.indices {
            let w = weights?[i] ?? 1
            residual += w * pow(gains[i] - form.value(d: d[i], alpha: alpha, beta: beta), 2)
            total += w * pow(gains[i] - meanGain, 2)
        }
        var result = OveroptimizationFit(form: form, alpha: alpha, beta: beta, rSquared: total > 1e-300 ? 1 - residual / total : nil,
                                         peakD: nil, peakKL: nil, peakGain: nil, points: d.count)
        if let peak = peak(form: form, alpha: alpha, beta: beta) {
            result.peakD = peak
            result.peakKL = peak * peak
            result.peakGain = form.value(d: peak, alpha: alpha, beta: beta)
        }
        return result
    }

    static func peak(form: OveroptimizationForm, alpha: Double, beta: Double) -> Double? {
        guard beta > 0 else { return nil }
        switch form {
        case .bestOfN: return alpha > 0 ? alpha / (2 * beta) : nil
        // dR/dd = α − β(log d + 1) = 0; R″ = −β/d < 0, so it is a maximum.
        case .reinforcement:
            let exponent = alpha / beta - 1
            // Beyond e^350 the peak KL (d*²) would overflow: no finite peak worth reporting.
            return exponent < 350 ? exp(exponent) : nil
        }
    }

    public func value(d: Double) -> Double { form.value(d: d, alpha: alpha, beta: beta) }
}
