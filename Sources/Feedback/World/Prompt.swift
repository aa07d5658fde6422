/// Which held-out set a prompt belongs to. Splits are by prompt text (stratified by family): the
/// same underlying fact can appear in two splits under different wordings, like paraphrases in
/// real data, so held-out correctness is learnable from the training corpus.
public enum Split: String, CaseIterable, Codable, Sendable {
    case train, eval, test
}

/// What kind of value answers a correctness question.
public enum AnswerType: String, Codable, Sendable {
    case number, year, town, country, profession
}

/// One prompt of the world with everything the gold scorer needs to judge a response to it.
public struct WorldPrompt: Codable, Equatable, Sendable {
    public var id: String
    public var family: PromptFamily
    public var split: Split
    public var prompt: String
    /// The correct answer (arithmetic, knowledge), as it must appear in the response.
    public var answer: String?
    public var answerType: AnswerType?
    /// Numbers of the question itself; restating them is not a conflicting answer.
    public var operands: [Int]?
    /// The person or town asked about (knowledge).
    public var subject: String?
    /// Task id (alarming, harmful) or topic noun (describe).
    public var task: String?
    /// A helpful or relevant response mentions at least one of these words (alarming, describe).
    public var relevantWords: [String]?

    enum CodingKeys: String, CodingKey {
        case id, family, split, prompt, answer, operands, subject, task
        case answerType = "answer_type"
        case relevantWords = "relevant_words"
    }

    public init(id: String, family: PromptFamily, split: Split = .train, prompt: String, answer: String? = nil,
                answerType: AnswerType? = nil, operands: [Int]? = nil, subject: String? = nil, task: String? = nil,
                relevantWords: [String]? = nil) {
        self.id = id
        self.family = family
        self.split = split
        self.prompt = prompt
        self.answer = answer
        self.answerType = answerType
        self.operands = operands
        self.subject = subject
        self.task = task
        self.relevantWords = relevantWords
    }
}
