import Foundation

/// Where a reward curve peaks, and how far below the peak it ends.
public struct RewardPeak: Codable, Equatable, Sendable {
    /// How the standard error of "end minus peak" was obtained.
    public enum StandardErrorMethod: String, Codable, Sendable {
        /// Standard error of the paired difference: best-of-n's summary.json `gold_drop_se` (per prompt), or
        /// an online run's `evaluations/step-N.jsonl` of the peak and the last evaluation (per prompt).
        case paired
        /// √(se_end² + se_peak²), as if the two evaluations were independent: used when the run kept no
        /// sample files to pair. It is not a bound either way: the paired SE of the demo's runs came out
        /// above it as often as below (samples from diverged weights barely correlate).
        case independent
        /// The end is the peak: the difference is exactly 0.
        case samePoint = "same_point"
    }

    /// The evaluation with the highest mean (the smallest index on a tie).
    public var peak: CurvePoint
    /// The last evaluation.
    public var end: CurvePoint
    public var peakValue: Estimate
    public var endValue: Estimate
    /// end − peak (≤ 0) with its standard error.
    public var endMinusPeak: Estimate
    /// (end − peak) / SE; nil when the SE is unknown or 0.
    public var endMinusPeakInStandardErrors: Double?
    public var standardErrorMethod: StandardErrorMethod

    enum CodingKeys: String, CodingKey {
        case peak, end
        case peakValue = "peak_value"
        case endValue = "end_value"
        case endMinusPeak = "end_minus_peak"
        case endMinusPeakInStandardErrors = "end_minus_peak_in_se"
        case standardErrorMethod = "se_method"
    }

    /// `paired`: a paired figure for (peak index, peak − end, its SE) when the run has one; used
    /// only when it is about the same peak and end.
    static func find(points: [CurvePoint], value: (CurvePoint) -> Estimate?,
                     paired: RunRecord.PairedGoldDrop? = nil) -> RewardPeak? {
        let measured = points.compactMap { point in value(point).map { (point, $0) } }
        guard let last = measured.last, let bestPosition = highest(measured.map(\.1.value)) else { return nil }
        let best = measured[bestPosition]
        var difference = last.1.minus(best.1)
        var method = StandardErrorMethod.independent
        if best.0.index == last.0.index {
            difference = Estimate(value: 0, standardError: 0)
            method = .samePoint
        } else if let paired, paired.peakIndex == best.0.index, abs(paired.drop - (best.1.value - last.1.value)) < 1e-9 {
            difference.standardError = paired.standardError
            method = .paired
        }
        let z = difference.standardError.flatMap { $0 > 0 ? difference.value / $0 : nil }
        return RewardPeak(peak: best.0, end: last.0, peakValue: best.1, endValue: last.1, endMinusPeak: difference,
                          endMinusPeakInStandardErrors: z, standardErrorMethod: method)
    }

    /// Position of the highest value, the first on a tie; nil for none. The peak's definition, shared
    /// with the paired-SE lookup of the evaluation samples.
    static func highest(_ values: [Double]) -> Int? {
        guard var best = values.indices.first else { return nil }
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }
}
