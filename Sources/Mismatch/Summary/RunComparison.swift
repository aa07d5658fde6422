import Foundation

/// One run against a baseline run (e.g. UWO against the single reward model of the same seed).
public struct RunComparison: Codable, Equatable, Sendable {
    public var baseline: String
    public var run: String
    /// The run's objective (`mean`, `wco`, `uwo`).
    public var objective: String?
    /// run − baseline, final held-out gold (last evaluation).
    public var finalGoldDifference: Estimate?
    public var finalGoldDifferenceInStandardErrors: Double?
    /// run − baseline, peak held-out gold.
    public var peakGoldDifference: Estimate?
    /// run − baseline, final proxy (each run's own objective: only comparable for the same reward models).
    public var finalProxyDifference: Estimate?
    /// How the final gold difference's SE was obtained: `paired` (the per-sample differences of the two
    /// online runs' last `evaluations/step-N.jsonl`, same held-out prompts and streams) or
    /// `independent` (√(se₁² + se₂²): for runs without those files, and for best-of-n; not a bound on the
    /// paired SE in either direction).
    /// The peak and proxy differences are always `independent`.
    public var standardErrorMethod: String

    enum CodingKeys: String, CodingKey {
        case baseline, run, objective
        case finalGoldDifference = "final_gold_difference"
        case finalGoldDifferenceInStandardErrors = "final_gold_difference_in_se"
        case peakGoldDifference = "peak_gold_difference"
        case finalProxyDifference = "final_proxy_difference"
        case standardErrorMethod = "se_method"
    }

    public static func compare(_ run: RunAnalysis, to baseline: RunAnalysis) -> RunComparison {
        var final = run.curve.goldPeak.flatMap { a in baseline.curve.goldPeak.map { b in a.endValue.minus(b.endValue) } }
        let paired = pairedFinalStandardError(run, baseline)
        if let paired { final?.standardError = paired }
        let peak = run.curve.goldPeak.flatMap { a in baseline.curve.goldPeak.map { b in a.peakValue.minus(b.peakValue) } }
        let proxy = run.curve.points.last.flatMap { a in baseline.curve.points.last.map { b in a.proxy.minus(b.proxy) } }
        return RunComparison(baseline: baseline.name, run: run.name, objective: run.settings.objective, finalGoldDifference: final,
                             finalGoldDifferenceInStandardErrors: final.flatMap { d in d.standardError.flatMap { $0 > 0 ? d.value / $0 : nil } },
                             peakGoldDifference: peak, finalProxyDifference: proxy, standardErrorMethod: paired == nil ? "independent" : "paired")
    }

    /// The paired SE of the final gold difference of two online runs, from their last evaluations'
    /// sample files. Loading the runs already read and checked those files (for the paired drop), so a
    /// file that cannot be read here only means "not paired".
    static func pairedFinalStandardError(_ run: RunAnalysis, _ baseline: RunAnalysis) -> Double? {
        guard run.settings.kind == .online, baseline.settings.kind == .online,
              let runStep = run.curve.points.last?.index, let baselineStep = baseline.curve.points.last?.index,
              let a = try? RunRecord.sampleGold(run: URL(fileURLWithPath: run.path), step: runStep),
              let b = try? RunRecord.sampleGold(run: URL(fileURLWithPath: baseline.path), step: baselineStep) else { return nil }
        return RunRecord.pairedStandardError(a, minus: b)
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

/// The comparisons of one objective against the single reward model over seeds: the mean final-gold
/// difference, its spread over seeds (mean ± SE over seeds with a 95% t interval: the test of "higher
/// on average") and the worst seed.
public struct ObjectiveComparison: Codable, Equatable, Sendable {
    public var objective: String
    public var runs: [String]
    /// Mean over the pairs of (run − baseline) final gold; SE √(Σ seᵢ²)/k, the pairs being independent
    /// (the error of measuring these seeds; `acrossSeeds` is the error of generalizing over seeds).
    public var meanFinalGoldDifference: Estimate
    public var meanPeakGoldDifference: Estimate?
    /// The lowest per-pair difference in its own SEs (nil when any SE is unknown).
    public var lowestFinalGoldDifferenceInStandardErrors: Double?
    /// The per-pair final gold differences over seeds: mean, SE over seeds (sd/√k) and 95% t interval.
    public var acrossSeeds: SeedMean?

    enum CodingKeys: String, CodingKey {
        case objective, runs
        case meanFinalGoldDifference = "mean_final_gold_difference"
        case meanPeakGoldDifference = "mean_peak_gold_difference"
        case lowestFinalGoldDifferenceInStandardErrors = "lowest_final_gold_difference_in_se"
        case acrossSeeds = "across_seeds"
    }

    public static func aggregate(_ comparisons: [RunComparison]) -> [ObjectiveComparison] {
        let objectives = comparisons.compactMap(\.objective).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return objectives.compactMap { objective in
            let group = comparisons.filter { $0.objective == objective }
            guard let final = mean(group.map(\.finalGoldDifference)) else { return nil }
            let z = group.map(\.finalGoldDifferenceInStandardErrors)
            return ObjectiveComparison(objective: objective, runs: group.map(\.run), meanFinalGoldDifference: final,
                                       meanPeakGoldDifference: mean(group.map(\.peakGoldDifference)),
                                       lowestFinalGoldDifferenceInStandardErrors: z.contains(nil) ? nil : z.compactMap { $0 }.min(),
                                       acrossSeeds: SeedMean(group.compactMap { $0.finalGoldDifference?.value }))
        }
    }

    static func mean(_ estimates: [Estimate?]) -> Estimate? {
        let values = estimates.compactMap { $0 }
        guard !values.isEmpty, values.count == estimates.count else { return nil }
        let k = Double(values.count)
        let errors = values.compactMap(\.standardError)
        let se = errors.count == values.count ? errors.reduce(0) { $0 + $1 * $1 }.squareRoot() / k : nil
        return Estimate(value: values.reduce(0) { $0 + $1.value } / k, standardError: se)
    }
}
