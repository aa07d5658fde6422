import Foundation

/// One target stated as a test of a difference: met when z = difference/SE reaches `threshold`
/// (at least it, for a claimed rise; at most it, for a claimed fall). A target without a measurable
/// difference is missed, with the reason.
public struct TargetTest: Codable, Equatable, Sendable {
    public enum Direction: String, Codable, Sendable {
        /// z ≥ threshold (e.g. a rise of at least 2 SE).
        case atLeast = "at_least"
        /// z ≤ threshold (e.g. a fall of at least 3 SE: threshold −3).
        case atMost = "at_most"
    }

    /// Short name ("rise", "fall", "best_of_n").
    public var name: String
    /// What is tested, in words ("re-evaluated gold(peak) − gold(start) ≥ 2 SE").
    public var statement: String
    public var difference: Difference?
    public var threshold: Double
    public var direction: Direction
    public var met: Bool
    /// Why there is no difference to test, when there is none.
    public var unmeasured: String?

    public init(name: String, statement: String, difference: Difference?, direction: Direction, threshold: Double, unmeasured: String? = nil) {
        self.name = name
        self.statement = statement
        self.difference = difference
        self.threshold = threshold
        self.direction = direction
        if let z = difference?.z {
            met = direction == .atLeast ? z >= threshold : z <= threshold
            self.unmeasured = nil
        } else {
            met = false
            self.unmeasured = unmeasured ?? (difference == nil ? "no difference measured" : "the difference has no standard error")
        }
    }

    /// "MET" or "MISSED".
    public var verdict: String { met ? "MET" : "MISSED" }

    /// "fall: MISSED, z = −2.3 (needs ≤ −3): −0.061 ± 0.026 (paired by prompt, 586 prompts)".
    public var line: String {
        let need = String(format: "needs %@ %+.0f", direction == .atLeast ? "≥" : "≤", threshold)
        guard let difference, let z = difference.z else { return "\(name): \(verdict) (\(unmeasured ?? "not measured"); \(need))" }
        return String(format: "%@: %@, z = %+.1f (%@): %@", name, verdict, z, need, difference.description)
    }
}
