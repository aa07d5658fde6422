import Foundation
import Mismatch

/// Correlations across a run's evaluations (checkpoints, or n for best-of-n) between the proxy, the
/// policy's figures and the evaluation metrics: Mismatch's link matrix, one heatmap per run.
enum CorrelationSection {
    static let names: [String: String] = [
        MetricName.proxyReward: "proxy r̂", "sqrt_kl": "√KL", MetricName.responseLength: "length", MetricName.refusalRate: "refusals",
        MetricName.entropy: "entropy", MetricName.goldReward: "gold r*", MetricName.taskAccuracy: "task accuracy",
        MetricName.falseRefusalRate: "false refusals", MetricName.harmfulComplianceRate: "harmful compliance",
        MetricName.hedgingRate: "hedging", MetricName.confidentWrongRate: "confident wrong",
    ]
    static let roles: [LinkMatrix.Role: String] = [.rewardModel: "RM", .policy: "policy", .evaluation: "eval"]

    static func label(_ variable: LinkMatrix.Variable) -> String {
        "\(names[variable.name] ?? variable.name) [\(roles[variable.role] ?? variable.role.rawValue)]"
    }

    static func html(_ runs: [ReportedRun]) -> HTML {
        var charts: [String] = [], notes: [HTML] = []
        for (i, run) in runs.enumerated() {
            guard let analysis = run.analysis, let record = run.record else { continue }
            let links = analysis.links
            guard links.variables.count >= 2 else {
                notes.append(HTML.paragraph("\(run.name): \(record.evaluations.count) evaluation(s); a correlation needs at least \(Correlation.minimumPairs).", className: "missing"))
                continue
            }
            charts.append(Heatmap(title: "\(run.name): Pearson r over \(record.evaluations.count) evaluations", labels: links.variables.map(label),
                                  values: links.pearson).svg(id: "corr-\(i)"))
        }
        if charts.isEmpty && notes.isEmpty { notes.append(HTML.paragraph("No optimization run with evaluations was given.", className: "missing")) }
        let lead = HTML.paragraph("Across the evaluations of one run, how figures move together. Roles: [RM] the reward model's proxy r̂, [policy] what the optimizer changes (√KL, length, refusals, entropy), [eval] what we want (gold, task accuracy, false refusals, harmful compliance). RM ↔ policy, RM ↔ eval and policy ↔ eval are the three links of objective mismatch. Over a trajectory, figures that all trend with KL correlate strongly: read with the curves. Grey cells: undefined (a constant figure).", className: "note")
        return lead + HTML(markup: "<div class=\"charts\">" + charts.joined() + "</div>") + HTML.join(notes)
    }
}
