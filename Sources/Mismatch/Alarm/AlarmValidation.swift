import Foundation

/// The alarm checked against gold over several runs (seeds, objectives): did it warn near the gold
/// peak of the runs whose gold fell, and keep quiet in the runs whose gold did not?
public struct AlarmValidation: Codable, Equatable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        /// Gold fell after its peak and the alarm warned, no earlier than the gold had nearly peaked.
        case detected
        /// Gold fell and the alarm never warned.
        case missed
        /// The alarm warned in a run whose gold did not fall, or while gold was still rising
        /// (more than `declineStandardErrors` below its coming peak): stopping there costs gold.
        case falseAlarm = "false_alarm"
        /// No fall, no warning.
        case quiet
    }

    public struct RunResult: Codable, Equatable, Sendable {
        public var run: String
        public var outcome: Outcome
        /// Gold fell: end below peak by more than `declineStandardErrors` SEs.
        public var goldDeclined: Bool
        public var goldPeakStep: Int
        public var goldPeakKL: Double
        public var warnStep: Int?
        public var warnKL: Double?
        /// Peak step − warning step: > 0 the alarm came before the peak, < 0 after it (a lag).
        public var leadSteps: Int?
        /// Peak KL − KL at the warning, nats.
        public var leadKL: Double?
        /// Gold of the last evaluation at or before the warning, minus the peak (what stopping there keeps).
        public var goldAtWarnMinusPeak: Estimate?

        enum CodingKeys: String, CodingKey {
            case run, outcome
            case goldDeclined = "gold_declined"
            case goldPeakStep = "gold_peak_step"
            case goldPeakKL = "gold_peak_kl"
            case warnStep = "warn_step"
            case warnKL = "warn_kl"
            case leadSteps = "lead_steps"
            case leadKL = "lead_kl"
            case goldAtWarnMinusPeak = "gold_at_warn_minus_peak"
        }
    }

    public var declineStandardErrors: Double
    public var runs: [RunResult]
    public var declined: Int
    public var detected: Int
    public var missed: Int
    public var falseAlarms: Int
    public var quiet: Int
    /// Means over the detected runs.
    public var meanLeadSteps: Double?
    public var meanLeadKL: Double?

    enum CodingKeys: String, CodingKey {
        case runs, declined, detected, missed, quiet
        case declineStandardErrors = "decline_standard_errors"
        case falseAlarms = "false_alarms"
        case meanLeadSteps = "mean_lead_steps"
        case meanLeadKL = "mean_lead_kl"
    }

    /// Runs without gold or without training rows are left out.
    public static func validate(_ runs: [RunRecord], settings: AlarmSettings = AlarmSettings(),
                                declineStandardErrors: Double = 2) -> AlarmValidation {
        var results: [RunResult] = []
        for run in runs {
            guard let alarm = OveroptimizationAlarm.evaluate(run, settings: settings),
                  let peak = OveroptimizationCurve.extract(from: run).goldPeak else { continue }
            results.append(judge(run: run, alarm: alarm, peak: peak, declineStandardErrors: declineStandardErrors))
        }
        let detected = results.filter { $0.outcome == .detected }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        return AlarmValidation(declineStandardErrors: declineStandardErrors, runs: results,
                               declined: results.filter(\.goldDeclined).count, detected: detected.count,
                               missed: results.filter { $0.outcome == .missed }.count,
                               falseAlarms: results.filter { $0.outcome == .falseAlarm }.count,
                               quiet: results.filter { $0.outcome == .quiet }.count,
                               meanLeadSteps: mean(detected.compactMap { $0.leadSteps.map(Double.init) }),
                               meanLeadKL: mean(detected.compactMap(\.leadKL)))
    }

    static func judge(run: RunRecord, alarm: OveroptimizationAlarm, peak: RewardPeak, declineStandardErrors k: Double) -> RunResult {
        let declined = (peak.endMinusPeakInStandardErrors ?? 0) < -k
        var result = RunResult(run: run.name, outcome: declined ? .missed : .quiet, goldDeclined: declined,
                               goldPeakStep: peak.peak.index, goldPeakKL: peak.peak.kl, warnStep: alarm.warnStep, warnKL: alarm.warnKL)
        guard let warn = alarm.warnStep else { return result }
        result.leadSteps = peak.peak.index - warn
        result.leadKL = alarm.warnKL.map { peak.peak.kl - $0 }
        // What a stop at the warning keeps: the last evaluated policy at or before it.
        let kept = run.evaluations.last { $0.index <= warn }
        let keptGold = kept?[MetricName.goldReward]
        result.goldAtWarnMinusPeak = keptGold?.minus(peak.peakValue)
        // Paired from the two evaluations' sample files when the run kept them (the same difference, its own SE).
        if let keptStep = kept?.index, keptStep != peak.peak.index, var gap = result.goldAtWarnMinusPeak,
           let paired = RunRecord.pairedGold(run: run.url, step: keptStep, minus: peak.peak.index) {
            gap.standardError = paired.standardError
            result.goldAtWarnMinusPeak = gap
        }
        let stillRising: Bool = {
            guard warn < peak.peak.index, let gap = result.goldAtWarnMinusPeak, let se = gap.standardError, se > 0 else { return false }
            return gap.value / se < -k
        }()
        result.outcome = declined && !stillRising ? .detected : .falseAlarm
        return result
    }
}
