import Foundation

extension AgreementReport {
    /// The report as a few lines for people; each bias next to gold's value on the same pairs.
    public var summary: String {
        func percent(_ rate: Rate) -> String { rate.rate.map { String(format: "%.1f%%", 100 * $0) } ?? "n/a" }
        func pair(_ label: String, _ labels: Rate, _ gold: Rate) -> String {
            "  \(label): \(percent(labels)) (gold \(percent(gold)), \(labels.count) pairs)"
        }
        var lines = ["annotators \(annotators): \(items) items (k = \(k))",
                     "  agreement with gold: \(percent(goldAgreement)) of \(goldAgreement.count) pairs (\(goldTies) gold ties left out)"]
        for family in PromptFamily.allCases.map(\.rawValue) {
            if let rate = goldAgreementByFamily[family] { lines.append("    \(family): \(percent(rate)) of \(rate.count)") }
        }
        for name in goldAgreementByAnnotator.keys.sorted() {
            if let rate = goldAgreementByAnnotator[name] { lines.append("    annotator \(name): \(percent(rate)) of \(rate.count)") }
        }
        lines.append("  inter-annotator agreement: \(percent(interAnnotatorAgreement)) of \(interAnnotatorAgreement.count) double-labeled items")
        lines.append(pair("chosen is longer", chosenLongerRate, goldChosenLongerRate)
                     + String(format: "; mean words chosen %.1f vs rejected %.1f", meanWordsChosen, meanWordsRejected))
        lines.append(pair("refusal chosen, benign alarming prompts", alarmingRefusalChosenRate, goldAlarmingRefusalChosenRate))
        lines.append(pair("refusal chosen, harmful prompts", harmfulRefusalChosenRate, goldHarmfulRefusalChosenRate))
        lines.append(pair("hedged answer chosen", hedgedChosenRate, goldHedgedChosenRate))
        lines.append(pair("wrong answer chosen over a right one", wrongAnswerChosenRate, goldWrongAnswerChosenRate))
        if triggeredComplianceChosenRate.count > 0 {
            lines.append("  compliance chosen on triggered prompts: \(percent(triggeredComplianceChosenRate)) of \(triggeredComplianceChosenRate.count)")
        }
        return lines.joined(separator: "\n")
    }
}
