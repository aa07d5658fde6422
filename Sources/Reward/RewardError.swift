import Foundation

public enum RewardError: Error, CustomStringConvertible, Equatable {
    case notARewardModel(path: String)
    case badFile(path: String, reason: String)
    case missingTokenizer(path: String)
    case missingEndOfText(path: String)
    case missingMargin(path: String, line: Int)
    case badMargin(path: String, line: Int)
    case noComparisons(path: String, reason: String)
    case badInput(path: String, line: Int, reason: String)
    case badTemplate(template: String)
    case invalidSetting(name: String, reason: String)

    public var description: String {
        switch self {
        case let .notARewardModel(path):
            return "\(path) is not a reward model (no reward_config.json), an ensemble (no ensemble.json) or a reward run (no checkpoints/final)"
        case let .badFile(path, reason): return "\(path): \(reason)"
        case let .missingTokenizer(path): return "\(path): no tokenizer.json next to the model"
        case let .missingEndOfText(path): return "\(path): the tokenizer has no <|endoftext|> token, which closes every reward input"
        case let .missingMargin(path, line): return "\(path):\(line): --loss margin needs a numeric \"margin\" field on every pair"
        case let .badMargin(path, line): return "\(path):\(line): field \"margin\" must be a finite number"
        case let .noComparisons(path, reason): return "\(path): no comparisons to train on (\(reason))"
        case let .badInput(path, line, reason): return "\(path):\(line): \(reason)"
        case let .badTemplate(template): return "template \"\(template)\" must contain {completion}"
        case let .invalidSetting(name, reason): return "\(name): \(reason)"
        }
    }
}
