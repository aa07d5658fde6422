import Foundation

/// Runs side by side (e.g. the single reward model against an ensemble objective): gold and proxy
/// change against √KL on shared axes, and the start, peak and end of each.
enum ComparisonSection {
    static func label(_ run: RunRecord) -> String { "\(run.name) (\(run.method), \(run.objective ?? "—"))" }

    static func html(runs: [RunRecord], curves: [String: OveroptimizationCurve]) -> HTML {
        let compared = runs.filter { curves[$0.url.path] != nil }
        guard compared.count >= 2 else {
            return HTML.paragraph("Give two or more optimization runs (e.g. the single reward model and an ensemble objective) to compare them; \(compared.count) run with curves was given.", className: "missing")
        }
        var gold: [ChartSeries] = [], proxy: [ChartSeries] = []
        for (i, run) in compared.enumerated() {
            let curve = curves[run.url.path]!
            let style = SeriesStyle.indexed(i)
            if let start = curve.first.gold {
                gold.append(ChartSeries(name: label(run), points: curve.points.compactMap { p in p.gold.map { ChartPoint(x: p.d, y: $0 - start, error: p.goldSE) } }, style: style))
            }
            proxy.append(ChartSeries(name: label(run), points: curve.points.map { ChartPoint(x: $0.d, y: $0.proxy - curve.first.proxy, error: $0.proxySE) }, style: style))
        }
        var charts: [String] = []
        if !gold.isEmpty { charts.append(LineChart(title: "Gold reward change", xLabel: "d = √KL", yLabel: "gold − gold at start", series: gold).svg(id: "compare-gold")) }
        charts.append(LineChart(title: "Proxy reward change", xLabel: "d = √KL", yLabel: "proxy − proxy at start", series: proxy).svg(id: "compare-proxy"))
        let rows = compared.map { run -> [String] in
            let c = curves[run.url.path]!
            let peak = c.goldPeak
            return [run.name, run.method, run.objective ?? "—", String((run.config["rewards"] ?? run.config["reward"])?.array?.count ?? 0),
                    c.first.gold.map { NumberFormat.withError($0, c.first.goldSE) } ?? "not recorded",
                    peak.map { "\(NumberFormat.withError($0.gold!, $0.goldSE)) at KL \(NumberFormat.fixed($0.kl, decimals: 2))" } ?? "not recorded",
                    c.last.gold.map { NumberFormat.withError($0, c.last.goldSE) } ?? "not recorded",
                    NumberFormat.fixed(c.last.kl, decimals: 2), NumberFormat.withError(c.last.proxy, c.last.proxySE)]
        }
        let table = HTMLTable(caption: "Start, gold peak and end of each run", headers: ["run", "method", "objective", "reward paths", "gold at start", "gold peak", "gold at end", "final KL", "proxy at end"], textRows: rows).html
        let note = HTML.paragraph("Errors are each evaluation's own standard error; runs evaluated on the same held-out prompts and seed share their samples' randomness, but their difference here is not paired. Proxy rewards of different objectives (single, mean, WCO, UWO) are on different scales.", className: "note")
        return HTML(markup: "<div class=\"charts\">" + charts.joined() + "</div>") + table + note
    }
}
