import Foundation

/// Everything the mismatch analysis says about one run.
public struct RunAnalysis: Codable, Equatable, Sendable {
    public var name: String
    public var path: String
    public var settings: RunSettings
    public var curve: OveroptimizationCurve
    public var links: LinkMatrix
    /// Nil for best-of-n (no training rows).
    public var alarm: OveroptimizationAlarm?
    public var manifestations: ManifestationReport
    /// One plain sentence: the gold peak, the fall, the manifestation, the alarm.
    public var verdict: String

    public static func analyze(_ run: RunRecord, settings: MismatchSettings) -> RunAnalysis {
        let curve = OveroptimizationCurve.extract(from: run)
        let alarm = OveroptimizationAlarm.evaluate(run, settings: settings.alarm)
        let manifestations = ManifestationReport.detect(run, curve: curve, significance: settings.significance)
        return RunAnalysis(name: run.name, path: run.url.path, settings: run.settings, curve: curve,
                           links: LinkMatrix.measure(run.evaluations), alarm: alarm, manifestations: manifestations,
                           verdict: verdict(run: run, curve: curve, alarm: alarm, manifestations: manifestations, k: settings.significance))
    }

    static func verdict(run: RunRecord, curve: OveroptimizationCurve, alarm: OveroptimizationAlarm?,
                        manifestations: ManifestationReport, k: Double) -> String {
        let unit = run.settings.kind == .bestOfN ? "n =" : "step"
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        var parts: [String] = []
        if let proxy = curve.points.first?.proxy, let last = curve.points.last?.proxy {
            parts.append("proxy \(f(proxy.value)) → \(f(last.value))")
        }
        if let peak = curve.goldPeak {
            if peak.standardErrorMethod == .samePoint {
                parts.append("gold rose to the end (\(f(peak.endValue.value)))")
            } else {
                let z = peak.endMinusPeakInStandardErrors.map { String(format: "%.1f SE, %@", $0, peak.standardErrorMethod.rawValue) } ?? "SE unknown"
                let fell = (peak.endMinusPeakInStandardErrors ?? 0) < -k
                parts.append("gold peaked at \(unit) \(peak.peak.index) (KL \(String(format: "%.2f", peak.peak.kl))) and ended \(f(-peak.endMinusPeak.value)) below it (\(z))"
                             + (fell ? ": the ceiling" : ": within noise"))
            }
        } else {
            parts.append("no gold reward")
        }
        if let dominant = manifestations.dominant {
            parts.append("manifestation: \(dominant.title)")
        } else if curve.goldPeak != nil {
            parts.append("no manifestation beyond \(String(format: "%g", k)) SE")
        }
        if let alarm {
            parts.append(alarm.warnStep.map { step in
                "alarm warned at step \(step)" + (alarm.warnKL.map { String(format: " (KL %.2f)", $0) } ?? "")
                    + " on " + alarm.warnTriggers.map(\.rawValue).joined(separator: ", ")
            } ?? "alarm stayed quiet")
        }
        return "\(run.name): " + parts.joined(separator: "; ") + "."
    }
}
