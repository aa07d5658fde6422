import Foundation
import Mismatch

/// Overoptimization curves: proxy and gold reward, as the change from the first evaluation, against
/// d = √KL, with standard-error bars and Gao et al.'s fitted forms (Mismatch's curves and fits);
/// a table of the fits and one of every evaluation.
enum CurvesSection {
    static func chart(_ run: ReportedRun, _ curve: OveroptimizationCurve, id: String) -> String {
        guard let first = curve.points.first else { return "" }
        var series: [ChartSeries] = []
        series.append(ChartSeries(name: "proxy r̂ (held-out mean ± SE)", points: curve.points.map {
            ChartPoint(x: $0.sqrtKL, y: $0.proxy.value - first.proxy.value, error: $0.proxy.standardError)
        }, style: SeriesStyle(color: SeriesStyle.palette[0], marker: .square), drawsLine: false))
        if let goldStart = first.gold?.value {
            series.append(ChartSeries(name: "gold r* (held-out mean ± SE)", points: curve.points.compactMap { p in
                p.gold.map { ChartPoint(x: p.sqrtKL, y: $0.value - goldStart, error: $0.standardError) }
            }, style: SeriesStyle(color: SeriesStyle.palette[1], marker: .circle), drawsLine: false))
        }
        let maxD = max(curve.points.map(\.sqrtKL).max() ?? 1, 1e-3)
        let grid = (0...80).map { maxD * Double($0) / 80 }
        for (fit, name, color, dash) in [(curve.proxyFit, "proxy fit", SeriesStyle.palette[0], "2 3"), (curve.goldFit, "gold fit", SeriesStyle.palette[1], "6 3")] {
            guard let fit else { continue }
            let r2 = fit.rSquared.map { ", R² " + NumberFormat.fixed($0, decimals: 2) } ?? ""
            series.append(ChartSeries(name: "\(name): \(formula(fit))\(r2)", points: grid.map { ChartPoint(x: $0, y: fit.value(d: $0)) },
                                      style: SeriesStyle(color: color, dash: dash, marker: .none), showsMarkers: false))
        }
        var chart = LineChart(title: "\(run.name): reward change against √KL", xLabel: "d = √KL (√nats)",
                              yLabel: "change from the start", series: series, width: 530, height: 320)
        if let peak = curve.goldPeak { chart.markers = [(peak.peak.sqrtKL, "gold peak, \(run.positionName) \(peak.peak.index)")] }
        return chart.svg(id: id)
    }

    /// "d(0.26 − 0.17·d)"; a negative β shows as "+ |β|".
    static func formula(_ fit: OveroptimizationFit) -> String {
        let sign = fit.beta < 0 ? "+" : "−"
        let a = NumberFormat.short(fit.alpha), b = NumberFormat.short(abs(fit.beta))
        return fit.form == .bestOfN ? "d(\(a) \(sign) \(b)·d)" : "d(\(a) \(sign) \(b)·log d)"
    }

    static func fitTable(_ runs: [ReportedRun]) -> HTML {
        var rows: [[String]] = []
        for run in runs {
            guard let curve = run.curve else { continue }
            for (name, fits) in [("proxy", curve.proxyFits), ("gold", curve.goldFits)] {
                guard let fit = fits?.fit(curve.form) else {
                    rows.append([run.name, name, "–", "–", "–", "–", "–", "–", "not fitted (no gold, or fewer than 2 points with d > 0)"]); continue
                }
                rows.append([run.name, name, fit.form == .bestOfN ? "best-of-n d(α − βd)" : "RL d(α − β log d)",
                             NumberFormat.short(fit.alpha, digits: 4), NumberFormat.short(fit.beta, digits: 4),
                             fit.rSquared.map { NumberFormat.fixed($0, decimals: 3) } ?? "n/a",
                             fit.peakD.map { NumberFormat.fixed($0, decimals: 3) } ?? "no peak",
                             fit.peakKL.map { NumberFormat.fixed($0, decimals: 3) } ?? "–",
                             "\(fit.points) points" + ((fits?.weighted ?? false) ? ", weighted 1/SE²" : ", unweighted")])
            }
        }
        return HTMLTable(caption: "Gao et al. (2022) fits of the change from the start (Mismatch)", headers: ["run", "reward", "form", "α", "β", "R²", "peak d*", "KL budget d*² (nats)", "note"], textRows: rows).html
    }

    static func pointTable(_ run: ReportedRun) -> HTML {
        guard let record = run.record else { return "" }
        func figure(_ e: EvaluationPoint, _ name: String, _ decimals: Int) -> String { e[name].map { NumberFormat.fixed($0.value, decimals: decimals) } ?? "–" }
        let rows = record.evaluations.map { e -> [String] in
            [String(e.index), NumberFormat.fixed(e.kl, decimals: 3),
             e[MetricName.proxyReward].map { NumberFormat.withError($0.value, $0.standardError) } ?? "–",
             e[MetricName.goldReward].map { NumberFormat.withError($0.value, $0.standardError) } ?? "not recorded",
             figure(e, MetricName.responseLength, 1), figure(e, MetricName.taskAccuracy, 3), figure(e, MetricName.falseRefusalRate, 3),
             figure(e, MetricName.harmfulComplianceRate, 3),
             e[MetricName.goldWinRate].map { NumberFormat.withError($0.value, $0.standardError) } ?? "–", figure(e, MetricName.distinct2, 3),
             figure(e, MetricName.entropy, 3)]
        }
        return HTMLTable(caption: "\(run.name): every evaluation", headers: [run.positionName, "KL", "proxy", "gold", "length", "task accuracy", "false refusals", "harmful compliance", "gold win rate vs reference", "distinct-2", "token entropy"], textRows: rows).html
    }

    static func html(_ runs: [ReportedRun]) -> HTML {
        let analysed = runs.filter { $0.curve.map { !$0.points.isEmpty } ?? false }
        var parts: [HTML] = runs.compactMap { run in run.problem.map { HTML.paragraph("\(run.name): \($0)", className: "missing") } }
        guard !analysed.isEmpty else {
            return HTML.join(parts + [HTML.paragraph("No run recorded held-out proxy and KL figures (eval/… rows or a best-of-n sweep).", className: "missing")])
        }
        parts.append(HTML.paragraph("Each point is a held-out evaluation; bars are ± one standard error of that evaluation (the change from the start is paired, so its own error is smaller). Dotted and dashed lines are the fitted forms of Gao, Schulman & Hilton (2022), best-of-n R(d) = d(α − βd), RL R(d) = d(α − β log d), fitted to the change from the first evaluation.", className: "note"))
        parts.append(HTML(markup: "<div class=\"charts\">" + analysed.enumerated().map { chart($0.element, $0.element.curve!, id: "curve-\($0.offset)") }.joined() + "</div>"))
        parts.append(fitTable(analysed))
        for run in analysed { parts.append(pointTable(run)) }
        return HTML.join(parts)
    }
}
