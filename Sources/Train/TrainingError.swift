import Foundation

public enum TrainingError: Error, CustomStringConvertible, Equatable {
    case notEnoughTokens(available: Int, needed: Int)
    case nonFinite(step: Int, quantity: String)
    case sequenceTooLong(length: Int, contextLength: Int)
    case vocabularyTooSmall(config: String, modelVocabulary: Int, tokenizerVocabulary: Int)
    case exampleTooLong(path: String, line: Int, tokens: Int, contextLength: Int)
    case noExamples(path: String)
    case missingEndOfText(tokenizer: String)

    public var description: String {
        switch self {
        case let .notEnoughTokens(available, needed):
            return "the training data has \(available) tokens; a window needs \(needed) (lower --sequence-length or add data)"
        case let .nonFinite(step, quantity):
            return "step \(step): \(quantity) is not finite; the run stops and earlier checkpoints stay as they were"
        case let .sequenceTooLong(length, contextLength):
            return "sequence length \(length) exceeds the model's context \(contextLength)"
        case let .vocabularyTooSmall(config, modelVocabulary, tokenizerVocabulary):
            return "\(config): vocab_size \(modelVocabulary) is smaller than the tokenizer's \(tokenizerVocabulary)"
        case let .exampleTooLong(path, line, tokens, contextLength):
            return "\(path):\(line): prompt + completion + <|endoftext|> is \(tokens) tokens; the model's context holds \(contextLength + 1)"
        case let .noExamples(path):
            return "\(path): no training examples (after the held-out split)"
        case let .missingEndOfText(tokenizer):
            return "\(tokenizer) has no <|endoftext|> token, which ends each example"
        }
    }
}
