import Foundation
import Mismatch

/// Overoptimization curves: proxy and gold reward, as the change from the first evaluation, against
/// d = √KL, with standard-error bars and Gao et al.'s fitted forms; and a table of the fits.
enum CurvesSection {
    static func chart(_ curve: OveroptimizationCurve, id: String) -> String {
        var series: [ChartSeries] = []
        let proxyStart = curve.first.proxy
        series.append(ChartSeries(name: "proxy r̂ (held-out mean ± SE)", points: curve.points.map {
            ChartPoint(x: $0.d, y: $0.proxy - proxyStart, error: $0.proxySE)
        }, style: SeriesStyle(color: SeriesStyle.palette[0], dash: nil, marker: .square), drawsLine: false))
        if let goldStart = curve.first.gold {
            series.append(ChartSeries(name: "gold r* (held-out mean ± SE)", points: curve.points.compactMap { p in
                p.gold.map { ChartPoint(x: p.d, y: $0 - goldStart, error: p.goldSE) }
            }, style: SeriesStyle(color: SeriesStyle.palette[1], dash: nil, marker: .circle), drawsLine: false))
        }
        let maxD = max(curve.points.map(\.d).max() ?? 1, 1e-3)
        let grid = (0...80).map { maxD * Double($0) / 80 }
        for (fit, name, color) in [(curve.proxyFit, "proxy fit", SeriesStyle.palette[0]), (curve.goldFit, "gold fit", SeriesStyle.palette[1])] {
            guard let fit else { continue }
            let r2 = fit.rSquared.map { ", R² " + NumberFormat.fixed($0, decimals: 2) } ?? ""
            series.append(ChartSeries(name: "\(name): \(formula(fit))\(r2)", points: grid.map { ChartPoint(x: $0, y: fit.value(d: $0)) },
                                      style: SeriesStyle(color: color, dash: name.hasPrefix("gold") ? "6 3" : "2 3", marker: .none), showsMarkers: false))
        }
        var chart = LineChart(title: "\(curve.runName): reward change against √KL", xLabel: "d = √KL (nats^½)",
                              yLabel: "change from the start", series: series, width: 530, height: 320)
        if let peak = curve.goldPeak, peak.gold != nil { chart.markers = [(peak.d, "measured gold peak")] }
        return chart.svg(id: id)
    }

    /// "d(0.26 − 0.17·d)"; a negative β shows as "+ |β|".
    static func formula(_ fit: OveroptimizationFit) -> String {
        let sign = fit.beta < 0 ? "+" : "−"
        let a = NumberFormat.short(fit.alpha), b = NumberFormat.short(abs(fit.beta))
        return fit.form == .bestOfN ? "d(\(a) \(sign) \(b)·d)" : "d(\(a) \(sign) \(b)·log d)"
    }

    static func fitTable(_ curves: [OveroptimizationCurve]) -> HTML {
        var rows: [[String]] = []
        for curve in curves {
            for (name, fit) in [("proxy", curve.proxyFit), ("gold", curve.goldFit)] {
                guard let fit else { rows.append([curve.runName, name, "–", "–", "–", "–", "–", "–", "not fitted (fewer than 2 points or no spread)"]); continue }
                rows.append([curve.runName, name, fit.form == .bestOfN ? "best-of-n d(α − βd)" : "RL d(α − β log d)",
                             NumberFormat.short(fit.alpha, digits: 4), NumberFormat.short(fit.beta, digits: 4),
                             fit.rSquared.map { NumberFormat.fixed($0, decimals: 3) } ?? "n/a",
                             fit.peakD.map { NumberFormat.fixed($0, decimals: 3) } ?? "no peak",
                             fit.peakKL.map { NumberFormat.fixed($0, decimals: 3) } ?? "–", "\(fit.points) points"])
            }
        }
        return HTMLTable(caption: "Gao et al. (2022) fits of the change from the start", headers: ["run", "reward", "form", "α", "β", "R²", "peak d*", "KL budget d*² (nats)", "note"], textRows: rows).html
    }

    static func pointTable(_ curve: OveroptimizationCurve) -> HTML {
        let key = curve.form == .bestOfN ? "n" : "step"
        let rows = curve.points.map { p -> [String] in
            [String(p.position), NumberFormat.fixed(p.kl, decimals: 3), NumberFormat.withError(p.proxy, p.proxySE),
             p.gold.map { NumberFormat.withError($0, p.goldSE) } ?? "not recorded",
             p.figures["response_length"].map { NumberFormat.fixed($0, decimals: 1) } ?? "–",
             (p.figures["task_accuracy"] ?? p.figures["accuracy"]).map { NumberFormat.fixed($0, decimals: 3) } ?? "–",
             p.figures["false_refusal_rate"].map { NumberFormat.fixed($0, decimals: 3) } ?? "–",
             p.figures["harmful_compliance_rate"].map { NumberFormat.fixed($0, decimals: 3) } ?? "–"]
        }
        return HTMLTable(caption: "\(curve.runName): every evaluation", headers: [key, "KL", "proxy", "gold", "length", "task accuracy", "false refusals", "harmful compliance"], textRows: rows).html
    }

    static func html(_ curves: [OveroptimizationCurve]) -> HTML {
        guard !curves.isEmpty else { return HTML.paragraph("No run recorded held-out proxy and KL figures (eval/… rows or a best-of-n sweep).", className: "missing") }
        var parts: [HTML] = [HTML.paragraph("Each point is a held-out evaluation; bars are ± one standard error of that evaluation (the change from the start is paired, so its own error is smaller). Dotted and dashed lines are the fitted forms of Gao, Schulman & Hilton (2022), best-of-n R(d) = d(α − βd), RL R(d) = d(α − β log d), fitted by least squares to the change from the first evaluation.", className: "note")]
        parts.append(HTML(markup: "<div class=\"charts\">" + curves.enumerated().map { chart($0.element, id: "curve-\($0.offset)") }.joined() + "</div>"))
        parts.append(fitTable(curves))
        for curve in curves { parts.append(pointTable(curve)) }
        return HTML.join(parts)
    }
}
