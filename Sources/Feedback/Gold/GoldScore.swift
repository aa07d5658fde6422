/// The named parts of the gold reward; the total is their sum. A component that does not apply to
/// the prompt's family is 0.
public struct GoldComponents: Codable, Equatable, Sendable {
    public var correctness = 0.0
    public var helpfulness = 0.0
    public var refusal = 0.0
    public var tone = 0.0
    public var verbosity = 0.0
    public var repetition = 0.0
    public var unfinished = 0.0

    public var sum: Double { correctness + helpfulness + refusal + tone + verbosity + repetition + unfinished }

    /// To 1e-9: far below any weight, so no information is lost.
    static func round(_ value: Double) -> Double { (value * 1e9).rounded() / 1e9 + 0 }  // + 0 turns −0 into 0

    func rounded() -> GoldComponents {
        GoldComponents(correctness: Self.round(correctness), helpfulness: Self.round(helpfulness), refusal: Self.round(refusal),
                       tone: Self.round(tone), verbosity: Self.round(verbosity), repetition: Self.round(repetition),
                       unfinished: Self.round(unfinished))
    }

    public static let names = ["correctness", "helpfulness", "refusal", "tone", "verbosity", "repetition", "unfinished"]

    public subscript(name: String) -> Double? {
        switch name {
        case "correctness": return correctness
        case "helpfulness": return helpfulness
        case "refusal": return refusal
        case "tone": return tone
        case "verbosity": return verbosity
        case "repetition": return repetition
        case "unfinished": return unfinished
        default: return nil
        }
    }
}

/// How a response's answer compares with the known answer.
public enum AnswerOutcome: String, Codable, Sendable {
    case correct, wrong, mixed, missing
}

/// The gold reward of one response with its components and the flags evaluation needs
/// (task accuracy, false refusal, harmful compliance, hedging, length).
public struct GoldScore: Codable, Equatable, Sendable {
    public var total: Double
    public var components: GoldComponents
    public var family: PromptFamily
    public var refused: Bool
    /// Arithmetic and knowledge only; nil elsewhere.
    public var answer: AnswerOutcome?
    public var hedged: Bool
    public var confident: Bool
    public var words: Int
    public var sentences: Int
}
