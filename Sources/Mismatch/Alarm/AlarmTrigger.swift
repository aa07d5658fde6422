import Foundation

/// The signals of the alarm, each a per-row verdict: true (fires), false, or nil (cannot say yet).
public enum AlarmTrigger: String, Codable, CaseIterable, Sendable {
    case ensembleDisagreement = "ensemble_disagreement"
    case lengthDrift = "length_drift"
    case refusalDrift = "refusal_drift"
    case rewardConfidence = "reward_confidence"
    /// Proxy against d on the training rollouts.
    case proxySlope = "proxy_slope"
    /// Proxy against d on the held-out evaluations (less noisy, still no gold).
    case heldOutProxySlope = "held_out_proxy_slope"
    case klBudget = "kl_budget"

    /// The verdict on every training row (same order as `rows`), or nil when the run lacks the signal.
    func verdicts(rows: [MetricsRow], evaluations: [EvaluationPoint], settings s: AlarmSettings) -> [Bool?]? {
        let series = AlarmSeries(rows: rows, window: s.window)
        switch self {
        case .ensembleDisagreement:
            guard let base = series.baseline("ensemble_std"), base > 1e-12 else { return nil }
            return series.compare("ensemble_std") { current, _ in current >= base * (1 + s.ensembleStdRise) }
        case .lengthDrift:
            guard let base = series.baseline("response_length"), base > 0 else { return nil }
            return series.compare("response_length") { current, _ in abs(current - base) / base >= s.lengthDrift }
        case .refusalDrift:
            guard let base = series.baseline("refusal_rate") else { return nil }
            return series.compare("refusal_rate") { current, _ in abs(current - base) >= max(s.refusalDrift * base, s.refusalDriftMinimum) }
        case .rewardConfidence:
            guard let base = series.baseline(MetricName.rewardConfidence) else { return nil }
            return series.compare(MetricName.rewardConfidence) { current, _ in base - current >= s.confidenceDrop }
        case .klBudget:
            guard let budget = s.klBudget, series.baseline("kl") != nil else { return nil }
            return series.compare("kl") { current, _ in current >= budget }
        case .proxySlope:
            guard series.baseline("kl") != nil, series.baseline("proxy_reward") != nil else { return nil }
            let points = rows.map { row in (row["kl"].map { max($0, 0).squareRoot() }, row["proxy_reward"]) }
            return series.compare("kl") { _, t in
                let history = points[...t].compactMap { d, p in d.flatMap { d in p.map { (d, $0) } } }
                // The trailing mean of KL, not one noisy row, says how far the policy has moved.
                guard let kl = series.trailing("kl", at: t) else { return nil }
                return AlarmSeries.slopeFlattened(history, now: max(kl, 0).squareRoot(), settings: s)
            }
        case .heldOutProxySlope:
            let points = evaluations.compactMap { e in e[MetricName.proxyReward].map { (e.index, e.sqrtKL, $0.value) } }
            guard points.count >= s.slopeMinimumPoints else { return nil }
            return rows.map { row in
                let history = points.filter { $0.0 <= row.index }
                guard let last = history.last else { return nil }
                return AlarmSeries.slopeFlattened(history.map { ($0.1, $0.2) }, now: last.1, settings: s)
            }
        }
    }
}

/// Baselines, trailing means and slopes over the training rows.
struct AlarmSeries {
    let rows: [MetricsRow]
    let window: Int

    func baseline(_ key: String) -> Double? { mean(key, rows.prefix(window)) }

    func trailing(_ key: String, at t: Int) -> Double? { mean(key, rows[max(0, t - window + 1)...t]) }

    /// Needs at least half the window measured.
    private func mean(_ key: String, _ slice: ArraySlice<MetricsRow>) -> Double? {
        let values = slice.compactMap { $0[key] }
        guard !values.isEmpty, values.count * 2 >= min(window, slice.count) else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// `test(current, row)` on every row from 2·window − 1 on (nil before, or when the trailing mean is missing).
    func compare(_ key: String, _ test: (Double, Int) -> Bool?) -> [Bool?] {
        rows.indices.map { t in
            guard t >= 2 * window - 1, let current = trailing(key, at: t) else { return nil }
            return test(current, t)
        }
    }

    /// Recent slope (points with d ≥ now/2) over the whole run's slope below the ratio.
    static func slopeFlattened(_ history: [(Double, Double)], now: Double, settings s: AlarmSettings) -> Bool? {
        guard now >= s.slopeMinimumSqrtKL else { return false }
        let recent = history.filter { $0.0 >= now / 2 }
        guard recent.count >= s.slopeMinimumPoints, let overall = LeastSquares.slope(history), overall > 0,
              let local = LeastSquares.slope(recent) else { return nil }
        return local / overall < s.slopeRatio
    }
}
