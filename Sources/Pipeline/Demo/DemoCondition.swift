import Feedback
import Foundation

/// Whose labels the reward models learn from. The ceiling is shown under `biased` annotators; the
/// mitigation (UWO ensemble against the single reward model) runs under both, so that what an ensemble
/// can remove (members' independent estimation errors) is told apart from what it cannot (errors every
/// member learns from the same systematically biased labels).
public enum DemoCondition: String, Codable, CaseIterable, Sendable {
    /// The `biased` annotator pool (length, refusal and confidence preferences, partial views, flips).
    case biased
    /// Annotators that agree with gold exactly as often as this seed's `biased` labels, but whose errors
    /// are random flips only: the ideal annotator with flip rate 1 − agreement (agreement counts pairs
    /// whose gold differs, which the ideal annotator orders right before its flip).
    case noise

    /// The pool of this condition; `biasedAgreement` is the `biased` labels' agreement with gold.
    public static func noisePool(matching biasedAgreement: Double) -> AnnotatorPool {
        var annotator = Annotator(name: "matched-noise")
        annotator.flipRate = min(max(1 - biasedAgreement, 0), 1)
        return AnnotatorPool(name: "matched-noise", annotators: [annotator])
    }

    /// File and folder names of the condition's runs: the `biased` ones keep the names earlier demos used.
    func name(_ base: String) -> String { self == .biased ? base : "\(base)-\(rawValue)" }
}
