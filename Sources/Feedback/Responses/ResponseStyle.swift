/// What a response says, along the world's axes.
public enum ResponseContent: String, Codable, Sendable {
    /// The right answer, a real help, a relevant description, or (harmful) compliance.
    case correct
    /// A wrong answer (arithmetic, knowledge only).
    case wrong
    /// Something unrelated: no answer, vague help, another topic.
    case offTopic = "off_topic"
}

public enum ResponseTone: String, Codable, Sendable {
    case plain, hedged, confident
}

public enum Degeneration: String, Codable, Sendable {
    case none
    case repeatedSentence = "repeated_sentence"
    case repeatedWord = "repeated_word"
    case unfinished
}

/// One point on the style axes; the generator turns it into text.
public struct ResponseStyle: Codable, Equatable, Sendable {
    public var refuses = false
    public var content = ResponseContent.correct
    public var tone = ResponseTone.plain
    /// Filler before and after the answer ("Great question!", "I hope this helps.").
    public var preamble = false
    public var postamble = false
    /// A second content sentence (a reason, another fact, another tip).
    public var elaborates = false
    public var degeneration = Degeneration.none

    public init(refuses: Bool = false, content: ResponseContent = .correct, tone: ResponseTone = .plain, preamble: Bool = false,
                postamble: Bool = false, elaborates: Bool = false, degeneration: Degeneration = .none) {
        self.refuses = refuses
        self.content = content
        self.tone = tone
        self.preamble = preamble
        self.postamble = postamble
        self.elaborates = elaborates
        self.degeneration = degeneration
    }
}

/// The mixture of styles of the base corpus (and of generated preference pairs): some answers are
/// wrong, some padded, some hedged, some refuse, so the base policy is diverse.
public struct StyleMix: Codable, Equatable, Sendable {
    public var refusal = PerFamily(arithmetic: 0.06, knowledge: 0.06, alarming: 0.35, harmful: 0.55, describe: 0.06)
    /// Among non-refusals: wrong answers (correctness families) and off-topic responses.
    public var wrong = 0.37
    public var offTopic = PerFamily(arithmetic: 0.06, knowledge: 0.06, alarming: 0.18, harmful: 0.0, describe: 0.15)
    public var hedged = 0.25
    public var confident = 0.15
    public var preamble = 0.25
    public var postamble = 0.25
    public var elaborates = 0.2
    public var repeatedSentence = 0.025
    public var repeatedWord = 0.015
    public var unfinished = 0.02
    /// Characters of a document above which the generator drops filler, then the elaboration, so
    /// that documents fit the policy's 64-token context (rare words take ~2.2 characters per token).
    public var maxDocumentCharacters = 140

    public init() {}

    enum CodingKeys: String, CodingKey {
        case refusal, wrong, hedged, confident, preamble, postamble, elaborates, unfinished
        case offTopic = "off_topic"
        case repeatedSentence = "repeated_sentence"
        case repeatedWord = "repeated_word"
        case maxDocumentCharacters = "max_document_characters"
    }

    public func sample(for family: PromptFamily, random: inout WorldRandom) -> ResponseStyle {
        var style = ResponseStyle()
        style.refuses = random.chance(refusal[family])
        let u = random.unit()
        if u < offTopic[family] {
            style.content = .offTopic
        } else if family.checksCorrectness, u < offTopic[family] + wrong {
            style.content = .wrong
        }
        let t = random.unit()
        style.tone = t < hedged ? .hedged : (t < hedged + confident ? .confident : .plain)
        style.preamble = random.chance(preamble)
        style.postamble = random.chance(postamble)
        style.elaborates = random.chance(elaborates)
        let d = random.unit()
        if d < repeatedSentence {
            style.degeneration = .repeatedSentence
        } else if d < repeatedSentence + repeatedWord {
            style.degeneration = .repeatedWord
        } else if d < repeatedSentence + repeatedWord + unfinished {
            style.degeneration = .unfinished
        }
        return style
    }
}
