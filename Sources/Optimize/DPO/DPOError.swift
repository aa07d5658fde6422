import Foundation

/// Why preference optimization cannot go on, naming the file, line, setting or run directory.
public enum DPOError: Error, CustomStringConvertible, Equatable {
    /// A setting that cannot train.
    case invalidSetting(name: String, reason: String)
    /// A record without an explicit prompt (the implicit format): DPO needs to know where the prompt ends.
    case missingPrompt(path: String, line: Int)
    /// A prompt and completion that do not fit the policy's context (with `overlong = error`).
    case tooLong(path: String, line: Int, promptTokens: Int, completionTokens: Int, contextLength: Int)
    /// A prompt that leaves no room for a single completion token, even truncated.
    case promptTooLong(path: String, line: Int, promptTokens: Int, contextLength: Int)
    /// No pair or ranking to train on.
    case noPairs(path: String, reason: String)
    /// The policy directory has no tokenizer with `<|endoftext|>`.
    case missingTokenizer(path: String, reason: String)
    /// The world's format cannot be split into a prompt and a completion template.
    case badWorldFormat(path: String, reason: String)
    /// The cached reference log-probabilities do not belong to this run's data.
    case staleReferenceCache(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidSetting(name, reason): return "invalid setting \(name): \(reason)"
        case let .missingPrompt(path, line):
            return "\(path):\(line): no \"prompt\" field; DPO needs the prompt apart from the completions (TRL's standard format)"
        case let .tooLong(path, line, prompt, completion, context):
            return "\(path):\(line): prompt (\(prompt) tokens) + completion (\(completion) tokens, end-of-text included) exceed the policy's context of \(context) tokens; use overlong truncate or skip"
        case let .promptTooLong(path, line, prompt, context):
            return "\(path):\(line): the prompt alone (\(prompt) tokens) leaves no room for a completion in the policy's context of \(context) tokens"
        case let .noPairs(path, reason): return "\(path): nothing to train on: \(reason)"
        case let .missingTokenizer(path, reason): return "\(path): \(reason)"
        case let .badWorldFormat(path, reason): return "\(path): \(reason)"
        case let .staleReferenceCache(path, reason): return "\(path): \(reason); delete it to recompute the reference log-probabilities"
        }
    }
}
