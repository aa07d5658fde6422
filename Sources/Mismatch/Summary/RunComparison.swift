import Foundation

/// One run against a baseline run (e.g. UWO against the single reward model of the same seed).
public struct RunComparison: Codable, Equatable, Sendable {
    public var baseline: String
    public var run: String
    /// run − baseline, final held-out gold (last evaluation).
    public var finalGoldDifference: Estimate?
    public var finalGoldDifferenceInStandardErrors: Double?
    /// run − baseline, peak held-out gold.
    public var peakGoldDifference: Estimate?
    /// run − baseline, final proxy (each run's own objective: only comparable for the same reward models).
    public var finalProxyDifference: Estimate?
    /// Always `independent`: √(se₁² + se₂²). Held-out evaluations of two runs share prompts and
    /// sampling streams, so the paired SE would be smaller; metrics.jsonl keeps no per-sample gold to
    /// pair them.
    public var standardErrorMethod: String

    enum CodingKeys: String, CodingKey {
        case baseline, run
        case finalGoldDifference = "final_gold_difference"
        case finalGoldDifferenceInStandardErrors = "final_gold_difference_in_se"
        case peakGoldDifference = "peak_gold_difference"
        case finalProxyDifference = "final_proxy_difference"
        case standardErrorMethod = "se_method"
    }

    public static func compare(_ run: RunAnalysis, to baseline: RunAnalysis) -> RunComparison {
        let final = run.curve.goldPeak.flatMap { a in baseline.curve.goldPeak.map { b in a.endValue.minus(b.endValue) } }
        let peak = run.curve.goldPeak.flatMap { a in baseline.curve.goldPeak.map { b in a.peakValue.minus(b.peakValue) } }
        let proxy = run.curve.points.last.flatMap { a in baseline.curve.points.last.map { b in a.proxy.minus(b.proxy) } }
        return RunComparison(baseline: baseline.name, run: run.name, finalGoldDifference: final,
                             finalGoldDifferenceInStandardErrors: final.flatMap { d in d.standardError.flatMap { $0 > 0 ? d.value / $0 : nil } },
                             peakGoldDifference: peak, finalProxyDifference: proxy, standardErrorMethod: "independent")
    }

    /// Each run whose objective is not `single` against a `single` run of the same kind: the one with
    /// the same seed if there is one, else the first. Nothing to compare without a single run.
    public static func pairs(_ runs: [RunAnalysis]) -> [RunComparison] {
        runs.compactMap { run in
            guard run.settings.objective != "single" else { return nil }
            let singles = runs.filter { $0.settings.objective == "single" && $0.settings.kind == run.settings.kind }
            guard let baseline = singles.first(where: { $0.settings.seed == run.settings.seed }) ?? singles.first else { return nil }
            return compare(run, to: baseline)
        }
    }
}
