import Foundation
import Mismatch

/// One run as the report shows it: its files and lineage (configs, for the disclosure card) and, for
/// optimization runs, Mismatch's reading and analysis of its curves (nil with `problem` saying why).
public struct ReportedRun: Sendable {
    public var files: RunFiles
    public var lineage: RunLineage
    public var record: RunRecord?
    public var analysis: RunAnalysis?
    /// Why an optimization run has no analysis (e.g. an online run evaluated with --eval-every 0).
    public var problem: String?

    /// The directory's name, or "parent/name" where runs of one report share a name (`RunNames`).
    public var name: String
    public var curve: OveroptimizationCurve? { analysis?.curve }
    /// "n" for best-of-n, "step" otherwise.
    public var positionName: String { files.isBestOfN ? "n" : "step" }
}

extension OveroptimizationCurve {
    /// The fits of the form Gao et al. give for this kind of run.
    var proxyFit: OveroptimizationFit? { proxyFits?.fit(form) }
    var goldFit: OveroptimizationFit? { goldFits?.fit(form) }
}
