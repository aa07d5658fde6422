import Foundation
import Feedback

extension LabelStatistics {
    /// The statistics as lines for a terminal (`ceiling label stats`).
    public var summary: String {
        func rate(_ r: Rate) -> String { HTML.percent(r.hits, r.count) }
        func value(_ v: Double?) -> String { HTML.number(v) }
        var lines = [
            "tasks: \(tasks) (+ \(qaTasks) QA items); labels: \(labels); skips: \(skips)",
            "  labeled: \(labeledTasks) of \(tasks); with at least \(overlap) labels: \(tasksAtOverlap)",
            "agreement over \(overlappingUnits) pairs rated by two or more annotators",
            "  percent agreement: \(percentAgreement.map { String(format: "%.1f%%", 100 * $0) } ?? "–")",
            "  tasks whose labels are identical: \(rate(tasksFullAgreement))",
            "  Cohen's kappa (two annotators): \(value(cohenKappa))",
            "  Fleiss' kappa: \(value(fleissKappa))",
            "  Krippendorff's alpha (nominal): \(value(krippendorffAlpha))",
            "quality",
            "  QA accuracy: \(rate(qaAccuracy))",
            "  agreement with reference scores: \(rate(goldAgreement))",
            "  first shown chosen (position bias): \(rate(firstShownChosen))",
            "  longer chosen: \(rate(longerChosen)); mean words chosen \(String(format: "%.1f", meanWordsChosen)) vs rejected \(String(format: "%.1f", meanWordsRejected))",
            "annotators (labels, skips, QA accuracy, agrees with majority, agrees with reference, first shown chosen, longer chosen, median s/item)",
        ]
        for a in annotators {
            lines.append("  \(a.name): \(a.labels), \(a.skips), \(rate(a.qaAccuracy)), \(rate(a.majorityAgreement)), \(rate(a.goldAgreement)), "
                         + "\(rate(a.firstShownChosen)), \(rate(a.longerChosen)), \(HTML.number(a.medianSeconds, digits: 1))")
        }
        return lines.joined(separator: "\n")
    }
}
