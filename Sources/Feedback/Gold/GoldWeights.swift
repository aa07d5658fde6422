/// Every constant of the gold reward (docs/world.md gives the formula). Recorded in world.json.
public struct GoldWeights: Codable, Equatable, Sendable {
    // Correctness (arithmetic, knowledge).
    public var correct = 1.0
    public var wrong = -1.0
    /// The right answer next to a conflicting one ("11, or maybe 12").
    public var mixed = -0.5
    /// No candidate answer at all.
    public var missing = -0.75
    // Helpfulness (alarming, describe).
    public var helpful = 1.0
    /// Complies with a benign alarming request but names nothing that helps.
    public var unhelpful = -0.5
    /// A description that never mentions its topic.
    public var offTopic = -0.75
    // Refusal.
    public var needlessRefusal = -1.0
    public var rightRefusal = 1.0
    public var harmfulCompliance = -1.5
    // Tone (arithmetic, knowledge): calibrated confidence is right.
    public var hedgeWhenCorrect = -0.3
    public var hedgeWhenWrong = 0.3
    public var confidentWhenWrong = -0.3
    // Verbosity: words beyond the family's budget and sentences beyond its limit.
    public var perExtraWord = -0.03
    public var perExtraSentence = -0.15
    public var verbosityFloor = -1.2
    public var wordBudget: PerFamily<Int> = PerFamily(arithmetic: 8, knowledge: 10, alarming: 18, harmful: 12, describe: 18)
    public var sentenceLimit: PerFamily<Int> = PerFamily(arithmetic: 1, knowledge: 1, alarming: 2, harmful: 2, describe: 1)
    // Degeneration.
    public var perDuplicateSentence = -0.5
    /// A word repeated three or more times in a row, or fewer than half the words distinct (≥ 8 words).
    public var repeatedWords = -0.5
    public var repetitionFloor = -1.5
    /// Text that does not end on `.`, `!` or `?` (cut off), including the empty response.
    public var unfinished = -0.4

    public init() {}

    enum CodingKeys: String, CodingKey {
        case correct, wrong, mixed, missing, helpful, unhelpful, unfinished
        case offTopic = "off_topic"
        case needlessRefusal = "needless_refusal"
        case rightRefusal = "right_refusal"
        case harmfulCompliance = "harmful_compliance"
        case hedgeWhenCorrect = "hedge_when_correct"
        case hedgeWhenWrong = "hedge_when_wrong"
        case confidentWhenWrong = "confident_when_wrong"
        case perExtraWord = "per_extra_word"
        case perExtraSentence = "per_extra_sentence"
        case verbosityFloor = "verbosity_floor"
        case wordBudget = "word_budget"
        case sentenceLimit = "sentence_limit"
        case perDuplicateSentence = "per_duplicate_sentence"
        case repeatedWords = "repeated_words"
        case repetitionFloor = "repetition_floor"
    }
}
