import Foundation
import Mismatch

/// One evaluated point of an overoptimization curve: held-out figures at a step (online) or an n
/// (best-of-n), against d = √KL.
public struct CurvePoint: Equatable, Sendable {
    /// The step, or n for best-of-n.
    public var position: Int
    public var kl: Double
    public var d: Double { max(kl, 0).squareRoot() }
    public var proxy: Double
    public var proxySE: Double?
    public var gold: Double?
    public var goldSE: Double?
    /// The row's other figures (rates, length) under their plain names (`task_accuracy`, …).
    public var figures: [String: Double]
}

/// The proxy and gold curves of one run with Gao et al.'s fits (best-of-n form for best-of-n runs,
/// RL form otherwise), fitted to the change from the first point.
public struct OveroptimizationCurve: Sendable {
    public var runName: String
    public var form: OveroptimizationForm
    public var points: [CurvePoint]
    public var proxyFit: OveroptimizationFit?
    public var goldFit: OveroptimizationFit?

    /// Held-out evaluation rows of an online run (`eval/…`), or the sweep rows of best-of-n.
    public init?(run: RunRecord) {
        runName = run.name
        form = run.isBestOfN ? .bestOfN : .reinforcement
        let prefix = run.isBestOfN ? "" : "eval/"
        points = run.metrics.compactMap { row -> CurvePoint? in
            guard let position = row[run.stepKey], let proxy = row[prefix + "proxy_reward"], let kl = row[prefix + "kl"] else { return nil }
            var figures: [String: Double] = [:]
            for (key, value) in row where key.hasPrefix(prefix) { figures[String(key.dropFirst(prefix.count))] = value }
            return CurvePoint(position: Int(position), kl: kl, proxy: proxy, proxySE: row[prefix + "proxy_reward_se"],
                              gold: row[prefix + "gold_reward"], goldSE: row[prefix + "gold_reward_se"], figures: figures)
        }.sorted { $0.position < $1.position }
        guard !points.isEmpty else { return nil }
        proxyFit = Self.fit(form: form, points: points) { $0.proxy }
        goldFit = Self.fit(form: form, points: points) { $0.gold }
    }

    static func fit(form: OveroptimizationForm, points: [CurvePoint], value: (CurvePoint) -> Double?) -> OveroptimizationFit? {
        guard let start = points.first.flatMap(value) else { return nil }
        let usable = points.compactMap { p in value(p).map { (p.d, $0 - start) } }
        return OveroptimizationFit.fit(form: form, d: usable.map(\.0), gains: usable.map(\.1))
    }

    /// The point with the highest measured gold (the first of equal maxima).
    public var goldPeak: CurvePoint? {
        points.filter { $0.gold != nil }.reduce(nil) { best, p in (best?.gold ?? -.infinity) >= p.gold! ? best : p }
    }

    public var first: CurvePoint { points[0] }
    public var last: CurvePoint { points[points.count - 1] }
}
