import Foundation

/// A few sentences per run: where gold peaked, where proxy and gold parted, and what manifested.
enum VerdictSection {
    static func sentences(run: RunRecord, curve: OveroptimizationCurve?) -> [String] {
        var out: [String] = []
        if let verdict = run.summary?["verdict"]?.string { out.append("Run's own verdict: \(verdict)") }
        guard let curve else {
            out.append(run.method == "reward" ? "Reward-model run: see calibration and the disclosure card." : "No held-out curve recorded.")
            return out
        }
        let unit = curve.form == .bestOfN ? "n" : "step"
        out.append("Proxy: \(NumberFormat.fixed(curve.first.proxy, decimals: 3)) → \(NumberFormat.fixed(curve.last.proxy, decimals: 3)) over KL 0 → \(NumberFormat.fixed(curve.last.kl, decimals: 2)) nats.")
        if let peak = curve.goldPeak, let peakGold = peak.gold, let start = curve.first.gold, let end = curve.last.gold {
            let drop = peakGold - end
            let se = ((peak.goldSE ?? 0) * (peak.goldSE ?? 0) + (curve.last.goldSE ?? 0) * (curve.last.goldSE ?? 0)).squareRoot()
            var text = "Gold: \(NumberFormat.fixed(start, decimals: 3)) at the start, peak \(NumberFormat.fixed(peakGold, decimals: 3)) at \(unit) \(peak.position) (KL \(NumberFormat.fixed(peak.kl, decimals: 2))), \(NumberFormat.fixed(end, decimals: 3)) at the end"
            if peak.position == curve.last.position { text += ": gold did not fall within this run." }
            else if peak.position == curve.first.position { text += ": gold fell from the start." }
            else {
                text += "; it ends \(NumberFormat.fixed(drop, decimals: 3)) below its peak"
                text += se > 0 ? " (\(NumberFormat.fixed(drop / se, decimals: 1)) unpaired standard errors)." : "."
            }
            out.append(text)
        } else {
            out.append("No gold reward recorded (no world): only the proxy curve is known.")
        }
        let shifts = MeasuredShift.manifestations(of: curve)
        out.append(shifts.isEmpty ? "No watched failure mode moved more than 2 standard errors in its harmful direction."
                   : "Manifestations (beyond 2 SE): " + shifts.map(\.sentence).joined(separator: "; ") + ".")
        return out
    }

    static func html(runs: [RunRecord], curves: [String: OveroptimizationCurve], lineages: [RunLineage]) -> HTML {
        HTML.join(runs.map { run in
            let body = sentences(run: run, curve: curves[run.url.path]).map { "<li>\(HTML.escape($0))</li>" }.joined()
            return HTML(markup: "<div class=\"verdict\"><strong>\(HTML.escape(run.name))</strong> (\(HTML.escape(run.method))\(run.objective.map { ", objective " + HTML.escape($0) } ?? ""))<ul>\(body)</ul></div>")
        })
    }
}
