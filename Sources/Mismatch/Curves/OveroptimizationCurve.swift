import Foundation

/// One evaluated policy on the overoptimization plot.
public struct CurvePoint: Codable, Equatable, Sendable {
    /// The step (online) or n (best-of-n).
    public var index: Int
    public var kl: Double
    /// d = √max(KL, 0).
    public var sqrtKL: Double
    public var proxy: Estimate
    public var gold: Estimate?

    enum CodingKeys: String, CodingKey {
        case index, kl, proxy, gold
        case sqrtKL = "sqrt_kl"
    }
}

/// Both of Gao et al.'s forms fitted to one reward's gains.
public struct RewardFits: Codable, Equatable, Sendable {
    public var bestOfN: OveroptimizationFit?
    public var reinforcement: OveroptimizationFit?
    /// Whether the points were weighted by 1/SE² (only when every fitted point has SE > 0).
    public var weighted: Bool

    enum CodingKeys: String, CodingKey {
        case weighted
        case bestOfN = "best_of_n"
        case reinforcement = "rl"
    }

    public func fit(_ form: OveroptimizationForm) -> OveroptimizationFit? { form == .bestOfN ? bestOfN : reinforcement }

    /// Gains are relative to the first point (the reference: step 0 or n = 1). Points at d = 0 are
    /// left out: every form passes through the origin, so they carry no information on α, β and
    /// would only inflate R².
    static func fit(d: [Double], values: [Estimate]) -> RewardFits? {
        guard let start = values.first else { return nil }
        let kept = d.indices.filter { d[$0] > 0 }
        let xs = kept.map { d[$0] }, gains = kept.map { values[$0].value - start.value }
        let errors = kept.compactMap { values[$0].standardError }.filter { $0 > 0 }
        let weights = errors.count == kept.count ? errors.map { 1 / ($0 * $0) } : nil
        return RewardFits(bestOfN: OveroptimizationFit.fit(form: .bestOfN, d: xs, gains: gains, weights: weights),
                          reinforcement: OveroptimizationFit.fit(form: .reinforcement, d: xs, gains: gains, weights: weights),
                          weighted: weights != nil)
    }
}

/// Proxy and gold reward against d = √KL over a run's evaluated policies (held-out evaluations of an
/// online run; each n of best-of-n), with Gao et al.'s fits and the empirical peaks.
public struct OveroptimizationCurve: Codable, Equatable, Sendable {
    public var points: [CurvePoint]
    /// The form Gao et al. give for this kind of run: `best_of_n` for best-of-n, `rl` otherwise.
    public var form: OveroptimizationForm
    public var proxyFits: RewardFits?
    /// Nil without gold (a run without a world).
    public var goldFits: RewardFits?
    public var proxyPeak: RewardPeak?
    public var goldPeak: RewardPeak?

    enum CodingKeys: String, CodingKey {
        case points, form
        case proxyFits = "proxy_fits"
        case goldFits = "gold_fits"
        case proxyPeak = "proxy_peak"
        case goldPeak = "gold_peak"
    }

    public enum Reward: String, Codable, Sendable { case proxy, gold }

    /// The fitted reward at d (not the gain): the reference's value plus the fit's gain, for plotting
    /// the fit over the points. Nil without that fit.
    public func fittedReward(_ reward: Reward, form: OveroptimizationForm, d: Double) -> Double? {
        guard let start = points.first else { return nil }
        switch reward {
        case .proxy: return proxyFits?.fit(form).map { start.proxy.value + $0.value(d: d) }
        case .gold: return goldFits?.fit(form).flatMap { fit in start.gold.map { $0.value + fit.value(d: d) } }
        }
    }

    public static func extract(from run: RunRecord) -> OveroptimizationCurve {
        let points = run.evaluations.compactMap { evaluation -> CurvePoint? in
            guard let proxy = evaluation[MetricName.proxyReward] else { return nil }
            return CurvePoint(index: evaluation.index, kl: evaluation.kl, sqrtKL: evaluation.sqrtKL, proxy: proxy,
                              gold: evaluation[MetricName.goldReward])
        }
        let golden = points.filter { $0.gold != nil }
        // Gold is fitted only when every point has it: gains need the reference's gold.
        let goldFits = golden.count == points.count ? RewardFits.fit(d: golden.map(\.sqrtKL), values: golden.compactMap(\.gold)) : nil
        return OveroptimizationCurve(
            points: points, form: run.settings.kind == .bestOfN ? .bestOfN : .reinforcement,
            proxyFits: RewardFits.fit(d: points.map(\.sqrtKL), values: points.map(\.proxy)), goldFits: goldFits,
            proxyPeak: RewardPeak.find(points: points, value: { $0.proxy }),
            goldPeak: RewardPeak.find(points: points, value: { $0.gold }, paired: run.pairedGoldDrop))
    }
}
