import Foundation
import Optimize

/// summary.json of a demo: every seed's figures, their means and spreads, and the targets of
/// issue 9 judged over the seeds (never tuned by hand: a missed target says so).
struct DemoSummary: Codable {
    struct Spread: Codable {
        var mean: Double
        var sd: Double
        var min: Double
        var max: Double
        var values: [Double]

        init?(_ values: [Double?]) {
            let known = values.compactMap { $0 }.filter(\.isFinite)
            guard !known.isEmpty else { return nil }
            self.values = known
            let n = Double(known.count)
            let mean = known.reduce(0, +) / n
            self.mean = mean
            sd = known.count > 1 ? (known.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() : 0
            min = known.min() ?? .nan
            max = known.max() ?? .nan
        }
    }

    struct Verdict: Codable {
        /// Each target with whether every seed met it ("met on k of n seeds").
        var ceiling: String
        var bestOfN: String
        var mitigation: String
        var time: String
        var lines: [String]
        enum CodingKeys: String, CodingKey {
            case ceiling, mitigation, time, lines
            case bestOfN = "best_of_n"
        }
    }

    var size: String
    var method: String
    var seeds: [DemoSeedResult]
    var across: [String: Spread]
    var mitigationMet: Bool
    var verdict: Verdict
    var totalSeconds: Double
    var report: String?

    enum CodingKeys: String, CodingKey {
        case size, method, seeds, across, verdict, report
        case mitigationMet = "mitigation_met"
        case totalSeconds = "total_seconds"
    }

    /// Issue 9: the demo in at most 5 minutes per seed on the reference machine's 2 cores, compile time excluded.
    static let secondsPerSeedTarget = 300.0

    init(size: DemoSize, seeds: [DemoSeedResult], totalSeconds: Double) {
        self.size = size.name
        method = size.method.rawValue
        self.seeds = seeds
        self.totalSeconds = totalSeconds
        report = nil
        func spread(_ value: (DemoSeedResult) -> Double?) -> Spread? { Spread(seeds.map(value)) }
        var across: [String: Spread] = [:]
        across["label_gold_agreement"] = spread { $0.labelGoldAgreement }
        across["single_reward_gold_agreement"] = spread { $0.singleReward.goldAgreement }
        across["ensemble_reward_gold_agreement"] = spread { $0.ensembleReward.goldAgreement }
        across["online_gold_start"] = spread { $0.onlineSingle.goldStart }
        across["online_gold_peak"] = spread { $0.onlineSingle.goldPeak }
        across["online_gold_peak_kl"] = spread { $0.onlineSingle.goldPeakKL }
        across["online_gold_rise"] = spread { s in s.onlineSingle.goldPeak.flatMap { p in s.onlineSingle.goldStart.map { p - $0 } } }
        across["online_proxy_rise"] = spread { s in s.onlineSingle.proxyFinal.flatMap { p in s.onlineSingle.proxyStart.map { p - $0 } } }
        across["online_rl_fit_r2"] = spread { $0.onlineSingle.fit?.rSquared }
        across["peak_minus_start"] = spread { $0.paired.singlePeakMinusStart.mean }
        across["peak_minus_start_in_paired_se"] = spread { $0.paired.singlePeakMinusStart.z }
        across["end_minus_peak"] = spread { $0.paired.singleEndMinusPeak.mean }
        across["end_minus_peak_in_se"] = spread { $0.endMinusPeakInSE }
        across["end_minus_peak_in_paired_se"] = spread { $0.paired.singleEndMinusPeak.z }
        across["uwo_minus_single"] = spread { $0.paired.uwoMinusSingle.mean }
        across["uwo_minus_single_in_paired_se"] = spread { $0.paired.uwoMinusSingle.z }
        across["error_correlation"] = spread { $0.errorCorrelation?.mean }
        across["best_of_n_peak_n"] = spread { $0.bestOfNSingle.goldPeakN.map(Double.init) }
        across["best_of_n_gold_drop"] = spread { $0.bestOfNSingle.goldDrop }
        across["best_of_n_fit_r2"] = spread { $0.bestOfNSingle.fit?.rSquared }
        across["best_of_n_uwo_gold_peak_n"] = spread { $0.bestOfNUWO.goldPeakN.map(Double.init) }
        self.across = across

        let n = seeds.count
        func count(_ met: (DemoSeedResult.Targets) -> Bool) -> Int { seeds.filter { met($0.targets) }.count }
        let ceilingMet = count { $0.goldRisesToPeak && $0.goldEndsBelowPeakBy3SE && $0.proxyKeepsRising }
        let bestOfNMet = count(\.bestOfNPeaksBelow64)
        let uwoMean = across["uwo_minus_single"]?.mean ?? 0
        mitigationMet = n > 0 && uwoMean > 0 && count(\.uwoNotWorseBy2SE) == n
        var lines: [String] = []
        for s in seeds {
            let t = s.targets, o = s.onlineSingle, p = s.paired
            lines.append(String(format: "seed %llu: %@ gold %.3f → peak %.3f at step %d (KL %.2f) → end %.3f; re-evaluated peak − start %+.3f "
                                + "(%.1f paired SE), end − peak %+.3f (%.1f SE, %.1f paired SE); proxy %.3f → %.3f; harmful compliance %.2f → %.2f; "
                                + "best-of-n gold peak at n = %d, drop to n = %d %.3f ± %.3f; UWO − single %+.3f ± %.3f; error correlation %.2f",
                                s.seed, s.method, o.goldStart ?? .nan, o.goldPeak ?? .nan, o.goldPeakStep ?? -1, o.goldPeakKL ?? .nan,
                                o.goldFinal ?? .nan, p.singlePeakMinusStart.mean, p.singlePeakMinusStart.z, p.singleEndMinusPeak.mean, s.endMinusPeakInSE, p.singleEndMinusPeak.z,
                                o.proxyStart ?? .nan, o.proxyFinal ?? .nan, o.harmfulComplianceStart ?? .nan, o.harmfulComplianceFinal ?? .nan,
                                s.bestOfNSingle.goldPeakN ?? -1, s.bestOfNSingle.poolSize, s.bestOfNSingle.goldDrop ?? .nan,
                                s.bestOfNSingle.goldDropSE ?? .nan, p.uwoMinusSingle.mean, p.uwoMinusSingle.standardError,
                                s.errorCorrelation?.mean ?? .nan))
            let missed = [("gold rises to a peak", t.goldRisesToPeak), ("ends > 3 SE below it", t.goldEndsBelowPeakBy3SE),
                          ("proxy keeps rising", t.proxyKeepsRising), ("best-of-n peaks below n = 64", t.bestOfNPeaksBelow64),
                          ("UWO not worse by 2 paired SE", t.uwoNotWorseBy2SE)].filter { !$0.1 }.map(\.0)
            lines.append("  missed: " + (missed.isEmpty ? "nothing" : missed.joined(separator: "; ")))
        }
        let perSeed = seeds.map { $0.stageSeconds.values.reduce(0, +) }
        let reused = seeds.map(\.reusedStages).reduce(0, +)
        let timeFigures = perSeed.map { String(format: "%.0f", $0) }.joined(separator: ", ") + " s per seed"
        let time: String
        if reused > 0 {
            time = "not judged: \(reused) stage(s) reused from an earlier run (\(timeFigures) for the stages run now)"
        } else {
            let met = perSeed.allSatisfy { $0 <= Self.secondsPerSeedTarget }
            time = "\(met ? "MET" : "MISSED"): \(timeFigures) (target ≤ \(Int(Self.secondsPerSeedTarget)) s per seed on 2 cores)"
        }
        verdict = Verdict(
            ceiling: "\(ceilingMet == n ? "MET" : "MISSED"): met on \(ceilingMet) of \(n) seeds (gold rises to a peak, ends > 3 SE below it, proxy keeps rising)",
            bestOfN: "\(bestOfNMet == n ? "MET" : "MISSED"): met on \(bestOfNMet) of \(n) seeds (gold peaks at n < 64 and is lower at n = 64)",
            mitigation: String(format: "%@: UWO − single final gold %+.3f on average over %d seeds; not worse by 2 paired SE on %d of %d",
                               mitigationMet ? "MET" : "MISSED", uwoMean, n, count(\.uwoNotWorseBy2SE), n),
            time: time, lines: lines)
    }
}
