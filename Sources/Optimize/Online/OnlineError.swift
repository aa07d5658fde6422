import Foundation

/// Why an online run (PPO, RLOO, GRPO) cannot start or go on, naming the setting, file, prompt or step.
public enum OnlineError: Error, CustomStringConvertible, Equatable {
    case invalidSetting(name: String, value: String, expected: String)
    case missingTokenizer(path: String)
    case missingEndOfText(path: String)
    case noPrompts(source: String)
    case promptNotInWorld(source: String, index: Int, prompt: String)
    case promptTooLong(source: String, index: Int, tokens: Int, contextLength: Int)
    case rewardShape(reason: String)
    case nonFinite(step: Int, quantity: String)
    case badCheckpoint(path: String, reason: String)
    /// An `evaluations/step-N.jsonl` file that cannot be read; `line` is 1-based, nil for the whole file.
    case badEvaluationSamples(path: String, line: Int?, reason: String)

    public var description: String {
        switch self {
        case let .invalidSetting(name, value, expected): return "setting \(name) = \(value) is invalid: expected \(expected)"
        case let .missingTokenizer(path): return "\(path): no tokenizer.json next to the policy"
        case let .missingEndOfText(path): return "\(path): the tokenizer has no <|endoftext|> token and config.json no eos_token_id"
        case let .noPrompts(source): return "\(source): no prompts to sample from"
        case let .promptNotInWorld(source, index, prompt):
            return "\(source): prompt \(index + 1) (\"\(prompt)\") is not a prompt of the world, so it has no gold reward"
        case let .promptTooLong(source, index, tokens, context):
            return "\(source): prompt \(index + 1) is \(tokens) tokens as the policy reads it; the policy's context (\(context)) leaves no room for a completion"
        case let .rewardShape(reason): return "the reward function returned \(reason)"
        case let .nonFinite(step, quantity): return "step \(step): \(quantity) is not finite"
        case let .badCheckpoint(path, reason): return "\(path): \(reason)"
        case let .badEvaluationSamples(path, line, reason): return "\(path)\(line.map { ":\($0)" } ?? ""): \(reason)"
        }
    }
}
