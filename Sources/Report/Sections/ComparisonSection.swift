import Foundation
import Mismatch

/// Runs side by side (e.g. the single reward model against an ensemble objective): gold and proxy
/// change against √KL on shared axes, the start, peak and end of each, and Mismatch's comparisons of
/// each ensemble-objective run with its single-model baseline.
enum ComparisonSection {
    static func label(_ run: ReportedRun) -> String { "\(run.name) (\(run.files.method), \(run.files.objective ?? "—"))" }

    static func html(_ runs: [ReportedRun], comparisons: [RunComparison]) -> HTML {
        let compared = runs.filter { $0.curve.map { !$0.points.isEmpty } ?? false }
        guard compared.count >= 2 else {
            return HTML.paragraph("Give two or more optimization runs (e.g. the single reward model and an ensemble objective) to compare them; \(compared.count) run with curves was given.", className: "missing")
        }
        var gold: [ChartSeries] = [], proxy: [ChartSeries] = []
        for (i, run) in compared.enumerated() {
            let curve = run.curve!, first = curve.points[0]
            let style = SeriesStyle.indexed(i)
            if let start = first.gold?.value {
                gold.append(ChartSeries(name: label(run), points: curve.points.compactMap { p in p.gold.map { ChartPoint(x: p.sqrtKL, y: $0.value - start, error: $0.standardError) } }, style: style))
            }
            proxy.append(ChartSeries(name: label(run), points: curve.points.map { ChartPoint(x: $0.sqrtKL, y: $0.proxy.value - first.proxy.value, error: $0.proxy.standardError) }, style: style))
        }
        var charts: [String] = []
        if !gold.isEmpty { charts.append(LineChart(title: "Gold reward change", xLabel: "d = √KL", yLabel: "gold − gold at start", series: gold).svg(id: "compare-gold")) }
        charts.append(LineChart(title: "Proxy reward change", xLabel: "d = √KL", yLabel: "proxy − proxy at start", series: proxy).svg(id: "compare-proxy"))
        let rows = compared.map { run -> [String] in
            let c = run.curve!, first = c.points[0], last = c.points[c.points.count - 1]
            let peak = c.goldPeak
            return [run.name, run.files.method, run.files.objective ?? "—", String(run.lineage.rewardPaths.count),
                    first.gold.map { NumberFormat.withError($0.value, $0.standardError) } ?? "not recorded",
                    peak.map { "\(NumberFormat.withError($0.peakValue.value, $0.peakValue.standardError)) at KL \(NumberFormat.fixed($0.peak.kl, decimals: 2))" } ?? "not recorded",
                    last.gold.map { NumberFormat.withError($0.value, $0.standardError) } ?? "not recorded",
                    NumberFormat.fixed(last.kl, decimals: 2), NumberFormat.withError(last.proxy.value, last.proxy.standardError)]
        }
        var parts: [HTML] = [HTML(markup: "<div class=\"charts\">" + charts.joined() + "</div>"),
                             HTMLTable(caption: "Start, gold peak and end of each run", headers: ["run", "method", "objective", "reward paths", "gold at start", "gold peak", "gold at end", "final KL", "proxy at end"], textRows: rows).html]
        if comparisons.isEmpty {
            parts.append(HTML.paragraph("No ensemble-objective run had a single-reward-model run of the same kind to compare with.", className: "note"))
        } else {
            let table = comparisons.map { c -> [String] in
                [c.run, c.baseline,
                 c.finalGoldDifference.map { NumberFormat.withError($0.value, $0.standardError) } ?? "–",
                 c.finalGoldDifferenceInStandardErrors.map { NumberFormat.fixed($0, decimals: 1) } ?? "–",
                 c.peakGoldDifference.map { NumberFormat.withError($0.value, $0.standardError) } ?? "–",
                 c.finalProxyDifference.map { NumberFormat.withError($0.value, $0.standardError) } ?? "–", c.standardErrorMethod]
            }
            parts.append(HTMLTable(caption: "Ensemble objective minus single reward model (Mismatch)", headers: ["run", "baseline", "final gold difference", "in SE", "peak gold difference", "final proxy difference", "SE method"], textRows: table).html)
            let objectives = ObjectiveComparison.aggregate(comparisons).filter { $0.runs.count > 1 }
            if !objectives.isEmpty {
                let rows = objectives.map { o -> [String] in
                    [o.objective, o.runs.joined(separator: ", "), NumberFormat.withError(o.meanFinalGoldDifference.value, o.meanFinalGoldDifference.standardError),
                     o.meanPeakGoldDifference.map { NumberFormat.withError($0.value, $0.standardError) } ?? "–",
                     o.lowestFinalGoldDifferenceInStandardErrors.map { NumberFormat.fixed($0, decimals: 1) } ?? "–",
                     o.acrossSeeds?.standardError.map { NumberFormat.fixed($0, decimals: 3) } ?? "–",
                     o.acrossSeeds?.interval95.map { "[\(NumberFormat.signed($0[0], decimals: 3)), \(NumberFormat.signed($0[1], decimals: 3))]" } ?? "–"]
                }
                parts.append(HTMLTable(caption: "Per objective, over its runs (seeds)", headers: ["objective", "runs", "mean final gold difference (± measurement SE)", "mean peak gold difference", "lowest per-run difference in SE", "SE over seeds", "95% t interval over seeds"], textRows: rows).html)
            }
        }
        parts.append(HTML.paragraph("Errors are each evaluation's own standard error. A difference between runs is paired (the SE of the per-sample differences) when both online runs kept their last evaluation's samples on the same held-out prompts, and √(se₁² + se₂²) otherwise (the SE method column says which; neither bounds the other: samples of diverged policies barely correlate). Peak differences are always independent. Over seeds, the SE and the 95% Student-t interval come from the spread of the per-seed differences: whether an objective is ahead on average is read there. Proxy rewards of different objectives (single, mean, WCO, UWO) are on different scales.", className: "note"))
        return HTML.join(parts)
    }
}
