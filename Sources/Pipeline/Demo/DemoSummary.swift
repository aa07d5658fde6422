import Foundation
import Mismatch
import Optimize

/// summary.json of a demo: every seed's figures and targets, the mitigation over seeds in each
/// condition, and the verdict. Nothing is tuned by hand: a missed target says so.
public struct DemoSummary: Codable, Equatable, Sendable {
    public struct Verdict: Codable, Equatable, Sendable {
        /// One line per target over the seeds ("MET: … on k of n seeds, needs m").
        public var ceiling: String
        public var bestOfN: String
        /// One line per condition.
        public var mitigation: [String]
        public var time: String
        /// Per seed: the figures, then every target with its z.
        public var lines: [String]
        /// What the two conditions show, in one sentence (with both conditions).
        public var conclusion: String?
        enum CodingKeys: String, CodingKey {
            case ceiling, mitigation, time, lines, conclusion
            case bestOfN = "best_of_n"
        }
    }

    public var size: String
    public var method: String
    public var seeds: [DemoSeedResult]
    public var ceilingMet: Bool
    public var bestOfNMet: Bool
    /// Per condition (`biased`, then `noise` when it ran).
    public var mitigation: [MitigationCondition]
    public var verdict: Verdict
    public var totalSeconds: Double
    public var report: String?
    /// How every SE in this file was computed (the differences also name their method).
    public var statistics = DemoSummary.statisticsNote

    enum CodingKeys: String, CodingKey {
        case size, method, seeds, mitigation, verdict, report, statistics
        case ceilingMet = "ceiling_met"
        case bestOfNMet = "best_of_n_met"
        case totalSeconds = "total_seconds"
    }

    public static let statisticsNote = """
        Every difference is paired: the paired re-evaluation samples each held-out prompt several times with the same streams \
        for every policy, and a difference's SE is sd of the per-prompt mean differences / √prompts (method paired_by_prompt); \
        the best-of-n drop pairs each fresh prompt's unbiased estimates at the two n. z = difference / SE. Across seeds the \
        mitigation is the mean of the per-seed differences with SE = sd/√seeds and a Student-t 95% interval.
        """

    /// Issue 9: the demo in at most 5 minutes per seed on the reference machine's 2 cores, compile time excluded.
    public static let secondsPerSeedTarget = 300.0

    public init(size: DemoSize, seeds: [DemoSeedResult], totalSeconds: Double) {
        self.size = size.name
        method = size.method.rawValue
        self.seeds = seeds
        self.totalSeconds = totalSeconds
        report = nil
        let n = seeds.count
        let ceilingCount = seeds.filter(\.targets.ceiling).count
        let bestOfNCount = seeds.filter(\.targets.bestOfN.met).count
        ceilingMet = n > 0 && ceilingCount >= DemoQuorum.needed(seeds: n)
        bestOfNMet = n > 0 && bestOfNCount >= DemoQuorum.needed(seeds: n)
        let conditions = DemoCondition.allCases.filter { condition in seeds.contains { $0.paired[condition] != nil } }
        mitigation = conditions.map { condition in
            let measured = seeds.compactMap { $0.paired[condition] }
            return MitigationCondition(condition: condition.rawValue, perSeed: measured.compactMap(\.uwoMinusSingle),
                                  errorCorrelations: measured.compactMap { $0.errorCorrelation?.mean })
        }
        verdict = Verdict(
            ceiling: DemoQuorum.line("the ceiling", met: ceilingCount, of: n, "rise ≥ 2 SE, fall ≤ −3 SE, proxy rise ≥ 2 SE; paired"),
            bestOfN: DemoQuorum.line("best-of-n", met: bestOfNCount, of: n, "gold(N) − gold(best n) ≤ −2 SE on a fresh pool"),
            mitigation: mitigation.map(\.line), time: Self.timeLine(seeds), lines: seeds.flatMap(Self.lines),
            conclusion: MitigationConditions.conclusion(mitigation))
    }

    static func lines(_ s: DemoSeedResult) -> [String] {
        var lines: [String] = []
        if let o = s.online(.biased, .single) {
            lines.append(String(format: "seed %llu: %@ held-out gold %.3f → peak %.3f at step %d (KL %.2f) → end %.3f; proxy %.3f → %.3f; "
                                + "harmful compliance %.2f → %.2f; best-of-n chose n = %d on its pool",
                                s.seed, s.method, o.goldStart ?? .nan, o.goldPeak ?? .nan, o.goldPeakStep ?? -1, o.goldPeakKL ?? .nan,
                                o.goldFinal ?? .nan, o.proxyStart ?? .nan, o.proxyFinal ?? .nan, o.harmfulComplianceStart ?? .nan,
                                o.harmfulComplianceFinal ?? .nan, s.bestOfNFresh.chosenN))
        }
        for target in s.targets.all { lines.append("  " + target.line) }
        for condition in DemoCondition.allCases {
            guard let paired = s.paired[condition] else { continue }
            let uwo = paired.uwoMinusSingle.map { "UWO − single \($0.description)" } ?? "UWO − single not measured"
            let rho = paired.errorCorrelation.map { String(format: "; error correlation %.2f", $0.mean) } ?? ""
            lines.append("  \(condition.rawValue) labels: \(uwo)\(rho)")
        }
        return lines
    }

    static func timeLine(_ seeds: [DemoSeedResult]) -> String {
        let perSeed = seeds.map { $0.stageSeconds.values.reduce(0, +) }
        let reused = seeds.map(\.reusedStages).reduce(0, +)
        let figures = perSeed.map { String(format: "%.0f", $0) }.joined(separator: ", ") + " s per seed"
        if reused > 0 { return "not judged: \(reused) stage(s) reused from an earlier run (\(figures) for the stages run now)" }
        let met = perSeed.allSatisfy { $0 <= secondsPerSeedTarget }
        return "\(met ? "MET" : "MISSED"): \(figures) (target ≤ \(Int(secondsPerSeedTarget)) s per seed on 2 cores)"
    }
}
