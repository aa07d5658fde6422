import Foundation
import Mismatch
import Optimize

/// Mismatch's gold-free overoptimization alarm on an online run while it trains: at its first step it
/// reads the run's metrics so far (a resumed run's earlier rows included) and then adds each new row as
/// metrics.jsonl holds it (the same rows the offline analysis reads, so both agree, without reading the
/// file again at every step); it warns on the console the first time the alarm fires and, in `stop`
/// mode, asks the loop to end where the alarm says stop. The alarm reads only what the trainer logs (no
/// gold), and needs no held-out evaluation.
final class OnlineAlarmWatch {
    let mode: OnlineAlarmMode
    let run: URL
    let alarmSettings: AlarmSettings
    private var warned = false
    private var record: RunRecord?

    init(settings: OnlineSettings, alarmSettings: AlarmSettings = AlarmSettings()) {
        mode = settings.alarm
        run = URL(fileURLWithPath: settings.out)
        self.alarmSettings = alarmSettings
    }

    /// A stop reason, or nil to go on.
    func check(_ row: OnlineMetricsRow) throws -> String? {
        guard mode != .off else { return nil }
        if record == nil { record = try RunRecord.readTraining(run) } else { try record?.append(step: row.step, values: row.values) }
        guard let record, let alarm = OveroptimizationAlarm.evaluate(record, settings: alarmSettings) else { return nil }
        if !warned, let step = alarm.warnStep {
            warned = true
            Log.ceiling.warning("overoptimization alarm at step \(step)\(Self.kl(alarm.warnKL)): \(Self.names(alarm.warnTriggers)) (gold-free; docs/mismatch.md §5)\(mode == .warn ? "" : "; stopping when \(alarmSettings.stopVotes ?? 0) triggers hold")")
        }
        guard mode == .stop, let step = alarm.stopStep else { return nil }
        let holding = alarm.triggers.filter { $0.firstStep.map { $0 <= step } ?? false }.map(\.trigger)
        let reason = "overoptimization alarm said stop at step \(step)\(Self.kl(alarm.stopKL)); triggers fired by then: \(Self.names(holding))"
        Log.ceiling.warning("\(reason); ending the run here")
        return reason
    }

    static func kl(_ value: Double?) -> String { value.map { String(format: " (KL %.2f)", $0) } ?? "" }
    static func names(_ triggers: [AlarmTrigger]) -> String { triggers.map(\.rawValue).joined(separator: ", ") }
}
