import Foundation

/// Why a best-of-n run cannot go on; each case names the setting, file, line or sample.
public enum BestOfNError: Error, CustomStringConvertible, Equatable {
    case invalidSetting(name: String, value: String, expected: String)
    /// Neither a world (its split) nor a prompts file says which prompts to sample.
    case noPromptSource
    case noPrompts(source: String)
    /// With a world, every prompt of a prompts file must be one of its prompts (gold needs it).
    case promptNotInWorld(path: String, index: Int, prompt: String)
    /// The policy input leaves no room in the context for a completion token.
    case promptTooLong(prompt: Int, tokens: Int, contextLength: Int)
    case nonFiniteReward(prompt: Int, sample: Int, value: Float)
    case rewardShape(prompt: Int, expected: Int, got: Int)
    /// A pool file line that cannot be read (its 1-based line number).
    case badPool(path: String, line: Int, reason: String)
    /// A pool file that was written for other prompts or another pool size.
    case poolMismatch(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .invalidSetting(name, value, expected): return "best-of-n setting \(name) = \(value) is invalid: expected \(expected)"
        case .noPromptSource: return "best-of-n needs prompts: give a world (its eval split is used) or a prompts file"
        case let .noPrompts(source): return "\(source) holds no prompts"
        case let .promptNotInWorld(path, index, prompt):
            return "\(path): prompt \(index + 1) (\(prompt.debugDescription)) is not a prompt of the world, so it has no gold reward"
        case let .promptTooLong(prompt, tokens, contextLength):
            return "prompt \(prompt) is \(tokens) tokens as the policy reads it; the policy's context holds \(contextLength), leaving no room to sample"
        case let .nonFiniteReward(prompt, sample, value): return "prompt \(prompt), sample \(sample): the reward objective is \(value)"
        case let .rewardShape(prompt, expected, got): return "prompt \(prompt): the reward function returned \(got) rows for \(expected) samples"
        case let .badPool(path, line, reason): return "\(path):\(line): \(reason)"
        case let .poolMismatch(path, line, reason): return "\(path):\(line): does not belong to this run: \(reason)"
        }
    }
}
