import Foundation
import Mismatch

/// The mitigation in two label conditions side by side: UWO − single final gold per seed and over
/// seeds (mean, SE, 95% interval) with the members' error correlation, and the one-sentence lesson.
enum MitigationSection {
    static func html(_ summary: MitigationConditions) -> HTML {
        let rows = summary.conditions.map { c -> [String] in
            let perSeed = c.perSeed.map { d in "\(NumberFormat.signed(d.value, decimals: 3)) (z \(d.z.map { NumberFormat.signed($0, decimals: 1) } ?? "–"))" }
            let mean = c.acrossSeeds
            return [c.condition, perSeed.joined(separator: ", "),
                    mean.map { NumberFormat.signed($0.mean, decimals: 3) } ?? "–",
                    mean?.standardError.map { NumberFormat.fixed($0, decimals: 3) } ?? "–",
                    mean?.interval95.map { "[\(NumberFormat.signed($0[0], decimals: 3)), \(NumberFormat.signed($0[1], decimals: 3))]" } ?? "–",
                    c.errorCorrelation.map { NumberFormat.fixed($0.mean, decimals: 2) } ?? "–", c.met ? "MET" : "MISSED"]
        }
        let table = HTMLTable(caption: "UWO ensemble − single reward model, final gold (paired by prompt on each seed)",
                              headers: ["labels", "per seed (z)", "mean over seeds", "SE over seeds", "95% t interval", "error correlation",
                                        "interval above 0"], textRows: rows)
        let lead = HTML.paragraph("Both conditions use the same prompts, response pairs, base policies and settings; only the labels differ. \"biased\": the biased annotator pool. \"noise\": one ideal annotator whose labels are flipped at random, as often as the biased labels disagree with gold, so the two agree with gold equally often.", className: "note")
        let conclusion = summary.conclusion.map { HTML.paragraph($0) } ?? HTML.paragraph("Only one condition was run: no comparison.", className: "missing")
        return lead + table.html + conclusion
    }
}
