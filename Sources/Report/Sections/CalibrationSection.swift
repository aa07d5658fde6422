import Foundation

/// The reward model's calibration: a reliability diagram of eval.json's bins, per reward model.
enum CalibrationSection {
    static func bins(_ eval: JSONValue) -> [CalibrationBin] {
        (eval.at("calibration.bins")?.array ?? []).compactMap { bin in
            guard let lower = bin["lower"]?.double, let upper = bin["upper"]?.double else { return nil }
            return CalibrationBin(lower: lower, upper: upper, count: bin["count"]?.int ?? 0,
                                  meanPredicted: bin["mean_predicted"]?.double, observedFrequency: bin["observed_frequency"]?.double)
        }
    }

    static func html(_ lineages: [RunLineage]) -> HTML {
        var seen = Set<String>(), parts: [HTML] = [], charts: [String] = []
        for lineage in lineages {
            guard let url = lineage.rewardEvalURL, let eval = lineage.rewardEval, seen.insert(url.path).inserted else { continue }
            let bins = bins(eval)
            guard !bins.isEmpty else { parts.append(HTML.paragraph("\(url.path): no calibration bins.", className: "missing")); continue }
            let ece = eval.at("calibration.expected_calibration_error")?.double
            let title = "\(eval.at("inputs.model")?.string ?? url.lastPathComponent)" + (ece.map { ": ECE \(NumberFormat.fixed($0, decimals: 3))" } ?? "")
            charts.append(ReliabilityDiagram(title: title, bins: bins).svg(id: "calibration-\(charts.count)"))
            parts.append(HTML.paragraph("\(url.path): \(eval.at("calibration.pairs")?.display ?? "?") pairs, each counted twice (p and 1 − p), 10 equal-width bins; mean log loss \(eval.at("calibration.mean_log_loss")?.double.map { NumberFormat.fixed($0, decimals: 3) } ?? "not recorded").", className: "note"))
        }
        guard !charts.isEmpty else {
            let looked = lineages.flatMap(\.missing).filter { $0.contains("evaluation") }
            return HTML.paragraph("No reward-model evaluation (eval.json of `ceiling reward eval`) was found" + (looked.isEmpty ? "." : ": " + looked.joined(separator: "; ")) + " Pass one with --reward-eval.", className: "missing")
        }
        return HTML(markup: "<div class=\"charts\">" + charts.joined() + "</div>") + HTML.join(parts)
    }
}
