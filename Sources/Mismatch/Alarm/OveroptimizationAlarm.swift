import Foundation

/// What the gold-free alarm says about one online run: where it would have warned and stopped, and
/// when each trigger first held.
public struct OveroptimizationAlarm: Codable, Equatable, Sendable {
    public struct TriggerReport: Codable, Equatable, Sendable {
        public var trigger: AlarmTrigger
        /// False when the run does not log the signal (one reward model has no ensemble_std).
        public var available: Bool
        /// The first step where it held (fired `persistence` rows in a row), nil if never.
        public var firstStep: Int?
        public var firstKL: Double?

        enum CodingKeys: String, CodingKey {
            case trigger, available
            case firstStep = "first_step"
            case firstKL = "first_kl"
        }
    }

    public var settings: AlarmSettings
    public var warnStep: Int?
    /// Held-out KL at the warning (interpolated between evaluations; the trailing training KL without them).
    public var warnKL: Double?
    /// The triggers holding at the warning.
    public var warnTriggers: [AlarmTrigger]
    public var stopStep: Int?
    public var stopKL: Double?
    public var triggers: [TriggerReport]

    enum CodingKeys: String, CodingKey {
        case settings, triggers
        case warnStep = "warn_step"
        case warnKL = "warn_kl"
        case warnTriggers = "warn_triggers"
        case stopStep = "stop_step"
        case stopKL = "stop_kl"
    }

    /// Nil for a run without training rows (best-of-n).
    public static func evaluate(_ run: RunRecord, settings: AlarmSettings = AlarmSettings()) -> OveroptimizationAlarm? {
        let rows = run.trainingRows
        guard !rows.isEmpty else { return nil }
        let persistence = max(settings.persistence, 1)
        var holding: [AlarmTrigger: [Bool]] = [:]
        for trigger in AlarmTrigger.allCases {
            guard let verdicts = trigger.verdicts(rows: rows, evaluations: run.evaluations, settings: settings) else { continue }
            holding[trigger] = verdicts.indices.map { t in
                t + 1 >= persistence && verdicts[(t + 1 - persistence)...t].allSatisfy { $0 == true }
            }
        }
        func kl(at t: Int) -> Double? { klAtStep(rows[t].index, run: run, rowPosition: t, window: settings.window) }
        func holdingAt(_ t: Int) -> [AlarmTrigger] { AlarmTrigger.allCases.filter { holding[$0]?[t] == true } }
        let warn = rows.indices.first { holdingAt($0).count >= max(settings.warnVotes, 1) }
        let stop = settings.stopVotes.flatMap { votes in rows.indices.first { holdingAt($0).count >= max(votes, 1) } }
        let reports = AlarmTrigger.allCases.map { trigger -> TriggerReport in
            let first = holding[trigger]?.firstIndex(of: true)
            return TriggerReport(trigger: trigger, available: holding[trigger] != nil, firstStep: first.map { rows[$0].index },
                                 firstKL: first.flatMap(kl(at:)))
        }
        return OveroptimizationAlarm(settings: settings, warnStep: warn.map { rows[$0].index }, warnKL: warn.flatMap(kl(at:)),
                                     warnTriggers: warn.map(holdingAt) ?? [], stopStep: stop.map { rows[$0].index },
                                     stopKL: stop.flatMap(kl(at:)), triggers: reports)
    }

    /// The held-out KL at a step, linear between the evaluations around it; without evaluations
    /// around it, the trailing mean of the training KL.
    static func klAtStep(_ step: Int, run: RunRecord, rowPosition: Int, window: Int) -> Double? {
        let evaluations = run.evaluations
        if let after = evaluations.firstIndex(where: { $0.index >= step }) {
            let next = evaluations[after]
            if next.index == step || after == 0 { return next.index == step ? next.kl : nil }
            let previous = evaluations[after - 1]
            let fraction = Double(step - previous.index) / Double(next.index - previous.index)
            return previous.kl + fraction * (next.kl - previous.kl)
        }
        return AlarmSeries(rows: run.trainingRows, window: window).trailing("kl", at: rowPosition)
    }
}
