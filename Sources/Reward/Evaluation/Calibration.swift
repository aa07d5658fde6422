/// Calibration of the Bradley–Terry probability p = σ(r_c − r_r) that the chosen response wins.
/// Every pair is counted in both orientations — (p, chosen won) and (1 − p, rejected lost) — as if
/// the pair had been shown in random order, so the reliability diagram spans [0, 1] and is
/// symmetric. ECE = Σ_b (n_b / n) · |frequency_b − mean p_b| over equal-width bins.
public struct Calibration: Codable, Equatable, Sendable {
    public struct Bin: Codable, Equatable, Sendable {
        public var lower: Double
        public var upper: Double
        /// Orientations (two per pair) whose p falls in [lower, upper) (the last bin includes 1).
        public var count: Int
        public var meanPredicted: Double?
        /// Share of those orientations that won.
        public var observedFrequency: Double?

        enum CodingKeys: String, CodingKey {
            case lower, upper, count
            case meanPredicted = "mean_predicted"
            case observedFrequency = "observed_frequency"
        }
    }

    public var pairs: Int
    public var expectedCalibrationError: Double
    /// Mean −log p(chosen): the Bradley–Terry loss on these pairs.
    public var meanLogLoss: Double
    public var bins: [Bin]

    enum CodingKeys: String, CodingKey {
        case pairs, bins
        case expectedCalibrationError = "expected_calibration_error"
        case meanLogLoss = "mean_log_loss"
    }

    public static func compute(margins: [Double], binCount: Int = 10) -> Calibration {
        var sums = [Double](repeating: 0, count: binCount)
        var wins = [Double](repeating: 0, count: binCount)
        var counts = [Int](repeating: 0, count: binCount)
        func add(_ p: Double, won: Bool) {
            let b = min(Int(p * Double(binCount)), binCount - 1)
            sums[b] += p
            wins[b] += won ? 1 : 0
            counts[b] += 1
        }
        var logLoss = 0.0
        for margin in margins {
            let p = EvaluationStatistics.sigmoid(margin)
            add(p, won: true)
            add(1 - p, won: false)
            // log σ(m) computed stably: −log(1 + e^{−m}).
            logLoss += margin >= 0 ? log1p(exp(-margin)) : -margin + log1p(exp(margin))
        }
        let total = Double(2 * margins.count)
        var ece = 0.0
        let bins = (0..<binCount).map { b -> Bin in
            let n = Double(counts[b])
            if counts[b] > 0 { ece += n / total * abs(wins[b] / n - sums[b] / n) }
            return Bin(lower: Double(b) / Double(binCount), upper: Double(b + 1) / Double(binCount), count: counts[b],
                       meanPredicted: counts[b] > 0 ? sums[b] / n : nil, observedFrequency: counts[b] > 0 ? wins[b] / n : nil)
        }
        return Calibration(pairs: margins.count, expectedCalibrationError: margins.isEmpty ? 0 : ece,
                           meanLogLoss: margins.isEmpty ? 0 : logLoss / Double(margins.count), bins: bins)
    }
}

import Foundation
