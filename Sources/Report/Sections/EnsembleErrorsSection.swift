import Foundation
import Mismatch

/// Whether an ensemble can help: its members' error correlation on the reference policy's samples
/// (each best-of-n pool scored by two or more members), with the share of one member's error the
/// ensemble mean keeps. Ensembles average out the errors members make independently, not the ones
/// they share.
enum EnsembleErrorsSection {
    static func html(_ measured: [(run: String, errors: MemberErrorCorrelation)]) -> HTML {
        guard !measured.isEmpty else {
            return HTML.paragraph("No best-of-n run scored by two or more reward models with gold was given: the members' error correlation is measured on such a run's pool.", className: "missing")
        }
        let rows = measured.map { entry -> [String] in
            let e = entry.errors
            let members = e.memberGoldCorrelation.compactMap { $0 }
            let memberRange = members.isEmpty ? "–" : "\(NumberFormat.fixed(members.min() ?? 0, decimals: 2)) to \(NumberFormat.fixed(members.max() ?? 0, decimals: 2))"
            let offDiagonal = e.pairCorrelations
            return [entry.run, String(e.members), String(e.samples), NumberFormat.fixed(e.mean, decimals: 2),
                    "\(NumberFormat.fixed(offDiagonal.min() ?? 0, decimals: 2)) to \(NumberFormat.fixed(offDiagonal.max() ?? 0, decimals: 2))",
                    e.withinPromptMean.map { NumberFormat.fixed($0, decimals: 2) } ?? "–",
                    NumberFormat.percent(e.retainedErrorVariance, decimals: 0), memberRange,
                    e.ensembleMeanGoldCorrelation.map { NumberFormat.fixed($0, decimals: 2) } ?? "–"]
        }
        let table = HTMLTable(caption: "Members' errors on the reference policy's samples (best-of-n pool)",
                              headers: ["run", "members", "samples", "error correlation (mean over pairs)", "pairs", "within a prompt",
                                        "error variance the mean keeps", "members' correlation with gold", "mean's correlation with gold"],
                              textRows: rows)
        let lesson = HTML.paragraph("A member's error is what is left of its reward after regressing it on gold; the error correlation of two members is the Pearson correlation of their errors (issue 9's definition; \"within a prompt\" removes each prompt's mean first, the part that decides which of one prompt's samples wins). An ensemble averages out only the errors its members make independently: with K members whose errors correlate at ρ, the mean keeps ρ + (1 − ρ)/K of one member's error variance. Members trained on the same labels share the labels' biases, so ρ stays high and an uncertainty penalty has little disagreement to act on.", className: "note")
        return table.html + lesson
    }
}
