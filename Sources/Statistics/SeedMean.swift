import Foundation

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
