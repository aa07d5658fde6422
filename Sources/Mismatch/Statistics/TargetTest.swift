import Foundation

/// One target stated as a test of a difference: met when z = difference/SE reaches `threshold`
/// (at least it, for a claimed rise; at most it, for a claimed fall). A target without a measurable
/// difference is missed, with the reason.
public struct TargetTest: Codable, Equatable, Sendable {
    public enum Direction: String, Codable, Sendable {
        /// z ≥ threshold (e.g. a rise of at least 2 SE).
        case atLeast = "at_least"
        /// z ≤ threshold (e.g. a fall of at least 3 SE: threshold −3).
        case atMost = "at_most"
    }

    /// Short name ("rise", "fall", "best_of_n").
    public var name: String
    /// What is tested, in words ("re-evaluated gold(peak) − gold(start) ≥ 2 SE").
    public var statement: String
    public var difference: Difference?
    public var threshold: Double
    public var direction: Direction
    public var met: Bool
    /// Why there is no difference to test, when there is none.
    public var unmeasured: String?

    public init(name: String, statement: String, difference: Difference?, direction: Direction, threshold: Double, unmeasured: String? = nil) {
        self.name = name
        self.statement = statement
        self.difference = difference
        self.threshold = threshold
        self.direction = direction
        if let z = difference?.z {
            met = direction == .atLeast ? z >= threshold : z <= threshold
            self.unmeasured = nil
        } else {
            met = false
            self.unmeasured = unmeasured ?? (difference == nil ? "no difference measured" : "the difference has no standard error")
        }
    }

    /// "MET" or "MISSED".
    public var verdict: String { met ? "MET" : "MISSED" }

    /// "fall: MISSED, z = −2.3 (needs ≤ −3): −0.061 ± 0.026 (paired by prompt, 586 prompts)".
    public var line: String {
        let need = String(format: "needs %@ %+.0f", direction == .atLeast ? "≥" : "≤", threshold)
        guard let difference, let z = difference.z else { return "\(name): \(verdict) (\(unmeasured ?? "not measured"); \(need))" }
        return String(format: "%@: %@, z = %+.1f (%@): %@", name, verdict, z, need, difference.description)
    }
}

/// A per-seed quantity over seeds: its mean, the standard error of the mean (sd/√k) and a two-sided
/// 95% Student-t interval with k − 1 degrees of freedom (DESIGN.md §2: "mean ± SE over seeds").
public struct SeedMean: Codable, Equatable, Sendable {
    public var values: [Double]
    public var mean: Double
    /// Nil with one seed.
    public var standardError: Double?
    /// [low, high] of the 95% interval; nil with one seed.
    public var interval95: [Double]?

    enum CodingKeys: String, CodingKey {
        case values, mean
        case standardError = "se"
        case interval95 = "interval_95"
    }

    public init?(_ values: [Double]) {
        guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return nil }
        self.values = values
        mean = values.reduce(0, +) / Double(values.count)
        if let summary = MeanAndError(values) {
            standardError = summary.standardError
            let t = StudentT.quantile(0.975, degreesOfFreedom: Double(values.count - 1))
            interval95 = [summary.mean - t * summary.standardError, summary.mean + t * summary.standardError]
        }
    }

    /// Whether the whole 95% interval lies above 0 (false with one seed: no interval).
    public var intervalAboveZero: Bool { (interval95?[0] ?? -.infinity) > 0 }
}

/// Student's t distribution, for intervals over a few seeds.
public enum StudentT {
    /// P(T ≤ t) with ν degrees of freedom: 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, by symmetry below.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let tail = 0.5 * IncompleteBeta.regularized(x: nu / (nu + t * t), a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile (0 < p < 1), by bisection on the CDF (monotone) to 1e-12.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard p != 0.5 else { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        var low = 0.0, high = 1.0
        while cdf(high, degreesOfFreedom: nu) < p { high *= 2 }
        for _ in 0..<200 where high - low > 1e-12 * max(1, high) {
            let middle = (low + high) / 2
            if cdf(middle, degreesOfFreedom: nu) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}

/// The regularized incomplete beta function I_x(a, b), by its continued fraction (modified Lentz),
/// using I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
enum IncompleteBeta {
    static func regularized(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logGammas + logPowers
        if x < (a + 1) / (a + b + 2) { return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a }
        return 1 - exp(logFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...500 {
            let m = Double(m)
            // Even step.
            var numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step.
            numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return result
    }
}
