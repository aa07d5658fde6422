import Foundation

/// Histograms of proxy, gold and length per checkpoint, and the completions table; both read the
/// samples the report drew (online) or the best-of-n pool.
enum SamplesSections {
    static func histograms(run: String, samples: [CheckpointSamples], index: Int, peak: String?) -> HTML {
        let quantities: [(String, (CheckpointSamples) -> [Double]?)] = [("proxy r̂", { $0.proxy }), ("gold r*", { $0.gold }),
                                                                         ("length (tokens)", { $0.lengths })]
        var rows: [String] = []
        for (q, (name, values)) in quantities.enumerated() {
            let all = samples.compactMap(values).flatMap { $0 }.filter(\.isFinite)
            guard let low = all.min(), let high = all.max() else { continue }
            let span = high - low
            let lower = low - max(span * 0.02, 0.5), upper = high + max(span * 0.02, 0.5)
            let bins = samples.map { s in values(s).map { HistogramBins(values: $0, weights: s.weights, lower: lower, upper: upper, bins: 20) } }
            let top = bins.compactMap { $0?.shares.max() }.max() ?? 1
            var charts: [String] = []
            for (i, s) in samples.enumerated() {
                guard let b = bins[i], let v = values(s) else { continue }
                let weights = s.weights ?? Array(repeating: 1, count: v.count)
                let total = weights.reduce(0, +)
                let mean = total > 0 ? zip(v, weights).reduce(0) { $0 + $1.0 * $1.1 } / total : nil
                charts.append(HistogramChart(title: "\(name), \(s.label)", xLabel: name, bins: b, style: SeriesStyle.indexed(q), maximumShare: top,
                                             mean: mean).svg(id: "hist-\(index)-\(q)-\(i)"))
            }
            rows.append("<div class=\"charts\">" + charts.joined() + "</div>")
        }
        let counts = samples.map { s in "\(s.label): " + (s.weights == nil ? "\(s.proxy.count) samples" : "pool of \(s.proxy.count) samples weighted by best-of-n's selection probabilities") }
        return HTML(markup: "<h3>\(HTML.escape(run))</h3>") + HTML.paragraph(counts.joined(separator: "; ") + "." + (peak.map { " " + $0 } ?? ""), className: "note")
            + HTML(markup: rows.joined())
    }

    static func completions(run: String, samples: [CheckpointSamples]) -> HTML {
        let prompts = samples.first?.shown.map(\.prompt) ?? []
        guard !prompts.isEmpty else { return HTML.paragraph("\(run): no completions to show.", className: "missing") }
        var rows: [[HTML]] = []
        for (i, prompt) in prompts.enumerated() {
            var row = [HTML(markup: "<span class=\"completion\">\(HTML.escape(prompt))</span>")]
            for s in samples {
                guard i < s.shown.count, s.shown[i].prompt == prompt else { row.append(HTML.text("—")); continue }
                let c = s.shown[i]
                let figures = "proxy \(NumberFormat.fixed(c.proxy, decimals: 2))" + (c.gold.map { ", gold \(NumberFormat.fixed($0, decimals: 2))" } ?? "")
                let trimmed = c.completion.trimmingCharacters(in: .whitespacesAndNewlines)
                let text = trimmed.isEmpty ? "(empty)" : trimmed
                row.append(HTML(markup: "<div class=\"completion\">\(HTML.escape(text))</div><div class=\"note\">\(HTML.escape(figures))</div>"))
            }
            rows.append(row)
        }
        return HTMLTable(caption: run, headers: ["prompt"] + samples.map(\.label), rows: rows, className: "completions").html
    }
}
