import Foundation

/// Correlations across a run's evaluations (checkpoints, or n for best-of-n) between the proxy, gold
/// and the evaluation metrics: the three links of objective mismatch in one matrix.
enum CorrelationSection {
    /// (label, figure name) in the order of the matrix.
    static let variables: [(String, String)] = [
        ("proxy r̂", "proxy_reward"), ("gold r*", "gold_reward"), ("KL", "kl"), ("length", "response_length"),
        ("task accuracy", "task_accuracy"), ("accuracy", "accuracy"), ("false refusals", "false_refusal_rate"),
        ("harmful compliance", "harmful_compliance_rate"), ("refusals", "refusal_rate"), ("entropy", "entropy"),
    ]

    /// Pearson correlation; nil with fewer than 3 pairs or no spread.
    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 3 else { return nil }
        let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my) }
        guard sxx > 1e-300, syy > 1e-300 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    static func matrix(_ curve: OveroptimizationCurve) -> (labels: [String], values: [[Double?]]) {
        let present = variables.filter { v in curve.points.allSatisfy { $0.figures[v.1] != nil } && Set(curve.points.map { $0.figures[v.1]! }).count > 1 }
        let columns = present.map { v in curve.points.map { $0.figures[v.1]! } }
        let values = columns.map { a in columns.map { b in pearson(a, b) } }
        return (present.map(\.0), values)
    }

    static func html(_ curves: [OveroptimizationCurve]) -> HTML {
        var charts: [String] = [], notes: [HTML] = []
        for (i, curve) in curves.enumerated() {
            guard curve.points.count >= 3 else {
                notes.append(HTML.paragraph("\(curve.runName): \(curve.points.count) evaluation(s); a correlation needs at least 3.", className: "missing")); continue
            }
            let (labels, values) = matrix(curve)
            charts.append(Heatmap(title: "\(curve.runName): Pearson r over \(curve.points.count) evaluations", labels: labels, values: values).svg(id: "corr-\(i)"))
        }
        let lead = HTML.paragraph("Across evaluations of one run, how figures move together. Proxy ↔ gold is the reward model ↔ policy link; gold ↔ the task rates is the evaluation link; proxy ↔ the rates shows what the reward model pays for. Correlations over a trajectory are dominated by the trend (both rising with KL): read them with the curves.", className: "note")
        return lead + HTML(markup: "<div class=\"charts\">" + charts.joined() + "</div>") + HTML.join(notes)
    }
}
