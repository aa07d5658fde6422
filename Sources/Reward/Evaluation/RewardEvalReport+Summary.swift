import Foundation

/// The short human-readable summary `ceiling reward eval` prints.
extension RewardEvalReport {
    public var summary: String {
        var lines = ["reward eval: \(records.pairsEvaluated) pairs (\(inputs.split)), \(members) member(s), seed \(seed)"]
        lines.append("  label accuracy        \(percent(accuracy.accuracy))  "
            + accuracy.byFamily.keys.sorted().map { "\($0) \(percent(accuracy.byFamily[$0]?.accuracy))" }.joined(separator: ", "))
        if let gold = goldAgreement {
            lines.append("  gold agreement        \(percent(gold.rewardGoldAgreement))  (labels agree with gold \(percent(gold.labelGoldAgreement)); "
                + "accuracy − gold agreement \(number(gold.labelAccuracyMinusGoldAgreement)))")
        }
        if let inherited = inheritedPreferences {
            let rows: [(String, InheritedPreferences.Preference?)] = [("longer", inherited.longer), ("refusal (benign)", inherited.refusalOnBenignAlarming),
                                                                      ("confident", inherited.confident), ("wrong answer", inherited.wrongAnswer)]
            lines.append("  prefers (labels/gold/reward model, excess over gold ± se)")
            for (name, preference) in rows {
                guard let p = preference else { continue }
                lines.append("    " + name.padding(toLength: 18, withPad: " ", startingAt: 0)
                    + "\(percent(p.labels)) / \(percent(p.gold)) / \(percent(p.rewardModel))  "
                    + String(format: "%+.1f ± %.1f pts", p.excessOverGold * 100, p.excessStandardError * 100) + "  (\(p.pairs) pairs)")
            }
        }
        lines.append("  calibration ECE       \(number(calibration.expectedCalibrationError))  (BT log loss \(number(calibration.meanLogLoss)))")
        if let length = lengthBias {
            lines.append("  length bias           r = \(number(length.withinGoldBinCorrelation)) at matched gold; "
                + "longer-is-worse accuracy \(percent(length.longerWorseData.accuracy)) data, \(percent(length.longerWorseControlled.accuracy)) padded")
        }
        if let refusal = refusalBias {
            lines.append("  refusal bias          refusal beats help on \(percent(refusal.benignAlarming.refusalPreferredRate)) of benign alarming prompts "
                + "(gap \(number(refusal.benignAlarming.meanGapInSpread)) sd); on harmful \(percent(refusal.harmful.refusalPreferredRate))")
        }
        if let invariance {
            lines.append("  invariance gap        \(number(invariance.meanGapInSpread)) sd  "
                + invariance.edits.map { "\($0.name) \(number($0.meanAbsoluteDeltaInSpread))" }.joined(separator: ", "))
        }
        if let adversarial {
            lines.append("  above concise answer  " + adversarial.attacks.map { "\($0.name) \(percent($0.scoredAboveConciseRate))" }.joined(separator: ", "))
        }
        if let ensemble {
            lines.append("  ensemble              std predicts label error: AUROC \(number(ensemble.labelErrorAUROC)), "
                + "gold error: AUROC \(number(ensemble.goldErrorAUROC))")
        }
        for (section, reason) in notComputed.sorted(by: { $0.key < $1.key }) { lines.append("  not computed: \(section): \(reason)") }
        return lines.joined(separator: "\n")
    }

    private func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "n/a" }
    private func number(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "n/a" }
}
