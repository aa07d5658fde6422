import Foundation
import Mismatch

/// A few sentences per run: Mismatch's verdict, the manifestations that happened, the alarm, and the
/// run's own verdict when it wrote one.
enum VerdictSection {
    static func sentences(_ run: ReportedRun) -> [String] {
        var out: [String] = []
        if let analysis = run.analysis {
            out.append(analysis.verdict)
            for m in analysis.manifestations.manifestations where m.status == .happened {
                out.append("Manifestation: \(m.title)" + (m.shift.map { s in
                    " (\(m.metric ?? "") \(NumberFormat.fixed(m.reference?.value ?? .nan, decimals: 3)) → \(NumberFormat.fixed(m.end?.value ?? .nan, decimals: 3)), shift \(NumberFormat.withError(s.value, s.standardError)), \(m.shiftInStandardErrors.map { NumberFormat.fixed($0, decimals: 1) } ?? "?") SE)"
                } ?? "") + ".")
            }
        } else if let problem = run.problem {
            out.append("Not analysed: \(problem)")
        } else {
            out.append(run.files.method == "reward" ? "Reward-model run: see the calibration and the disclosure card." : "No curves: \(run.files.method) runs have no held-out KL curve.")
        }
        if let verdict = run.files.summary?["verdict"]?.string { out.append("The run's own verdict: \(verdict)") }
        return out
    }

    static func html(_ runs: [ReportedRun]) -> HTML {
        HTML.join(runs.map { run in
            let body = sentences(run).map { "<li>\(HTML.escape($0))</li>" }.joined()
            let objective = run.files.objective.map { ", objective " + HTML.escape($0) } ?? ""
            return HTML(markup: "<div class=\"verdict\"><strong>\(HTML.escape(run.name))</strong> (\(HTML.escape(run.files.method))\(objective))<ul>\(body)</ul></div>")
        })
    }
}
