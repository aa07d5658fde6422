import Feedback
import Foundation
import Train

/// Which prompts a best-of-n run samples: a prompts file, or the world's split; at most
/// `prompt_limit` of them, spread evenly over the list (positions ⌊k·M/K⌋, k = 0…K−1).
public enum BestOfNPrompts {
    public static func select(config: BestOfNConfig, world: World?) throws -> [BestOfNPrompt] {
        var prompts: [BestOfNPrompt]
        if let path = config.promptsFile {
            let texts = try PromptFile.read(contentsOf: URL(fileURLWithPath: path))
            prompts = try texts.enumerated().map { index, text in
                guard let world else { return BestOfNPrompt(text: text) }
                guard let match = world.prompt(matching: text) else { throw BestOfNError.promptNotInWorld(path: path, index: index, prompt: text) }
                return BestOfNPrompt(text: text, world: match)
            }
        } else if let world {
            prompts = world.prompts(in: config.split).map { BestOfNPrompt(text: $0.prompt, world: $0) }
            guard !prompts.isEmpty else { throw BestOfNError.noPrompts(source: "the world's \(config.split.rawValue) split") }
        } else {
            throw BestOfNError.noPromptSource
        }
        return spread(prompts, limit: config.promptLimit)
    }

    /// At most `limit` items at evenly spaced positions, in their order.
    static func spread<Item>(_ items: [Item], limit: Int?) -> [Item] {
        guard let limit, limit < items.count else { return items }
        return (0..<limit).map { items[$0 * items.count / limit] }
    }
}
