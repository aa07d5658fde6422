import Foundation
import Optimize

/// The console side of every online method (PPO, RLOO, GRPO): a header line, a progress line per
/// step with the latest held-out evaluation, and the gold peak at the end.
struct OnlineProgress {
    let settings: OnlineSettings
    let samplesPerStep: Int
    /// "ppo: 40 steps × 16 prompts, 4 epochs × 1 minibatches" — what the header starts with.
    let header: String
    /// Method-specific figures appended to the step line (e.g. PPO's β, clip fraction).
    let stepDetail: ([String: Double]) -> String

    private var progress: ProgressLine
    private var evaluation = "–"

    init(settings: OnlineSettings, samplesPerStep: Int, header: String, stepDetail: @escaping ([String: Double]) -> String = { _ in "" }) {
        self.settings = settings
        self.samplesPerStep = samplesPerStep
        self.header = header
        self.stepDetail = stepDetail
        progress = ProgressLine(total: settings.steps, unit: "samples", plainEvery: 10)
    }

    mutating func handle(_ event: OnlineEvent) {
        switch event {
        case let .started(firstStep, steps, members, training, heldOut):
            let resumed = firstStep > 0 ? ", resuming at step \(firstStep)" : ""
            print("\(header), \(members) reward member(s), objective \(settings.objective.kind.rawValue), \(training) training prompts, "
                  + "\(heldOut.map { "\($0) held-out prompts" } ?? "no evaluation")\(resumed)")
            progress = ProgressLine(total: steps, firstStep: firstStep, unit: "samples", plainEvery: 10)
        case let .step(row, _):
            let v = row.values
            let shown = v["eval/gold_reward"] == nil ? "proxy" : "gold"
            if let value = v["eval/\(shown)_reward"] {
                evaluation = String(format: "%@ %.3f±%.3f @KL %.2f", shown, value, v["eval/\(shown)_reward_se"] ?? 0, v["eval/kl"] ?? 0)
            }
            var detail = "final policy, held-out \(evaluation)"
            if let proxy = v["proxy_reward"] {
                detail = String(format: "proxy %.3f", proxy)
                if let gold = v["gold_reward"] { detail += String(format: "  gold %.3f", gold) }
                detail += String(format: "  KL %.3f", v["kl"] ?? .nan) + stepDetail(v) + "  held-out \(evaluation)"
            }
            progress.update(done: min(row.step + 1, settings.steps), units: v["proxy_reward"] == nil ? 0 : Double(samplesPerStep), detail: detail)
        case let .finished(summary, url):
            if let peak = summary.peakEvalGold {
                Log.ceiling.info("held-out gold peaked at \(String(format: "%.3f", peak.value)) at step \(peak.step) (KL \(String(format: "%.2f", peak.kl ?? .nan)))")
            }
            Log.ceiling.info("wrote \(url.path) (policy: \(summary.model))")
        }
    }
}
