import Feedback
import Foundation
import Tensor
import Train

/// A list of prompts the online loop samples from: raw texts, the ids the policy reads, and, with a
/// world, the world's record of each (for the gold reward).
public struct PromptSet {
    public let source: String
    public let texts: [String]
    public let inputs: [[Int32]]
    public let worldPrompts: [WorldPrompt]?

    public var count: Int { texts.count }

    /// Prompts from a JSONL file (`{"prompt": …}` lines) or, without one, a split of the world.
    public static func load(file: String?, world: World?, split: Split, text: PolicyText) throws -> PromptSet {
        let source: String, texts: [String]
        if let file {
            source = file
            texts = try PromptFile.read(contentsOf: URL(fileURLWithPath: file))
        } else if let world {
            source = "the world's \(split.rawValue) split"
            texts = world.prompts(in: split).map(\.prompt)
        } else {
            throw OnlineError.noPrompts(source: "no prompts file and no world")
        }
        guard !texts.isEmpty else { throw OnlineError.noPrompts(source: source) }
        let worldPrompts = try world.map { world in
            try texts.enumerated().map { index, prompt in
                guard let found = world.prompt(matching: prompt) else {
                    throw OnlineError.promptNotInWorld(source: source, index: index, prompt: prompt)
                }
                return found
            }
        }
        let inputs = texts.map(text.input)
        for (index, ids) in inputs.enumerated() where ids.count >= text.contextLength {
            throw OnlineError.promptTooLong(source: source, index: index, tokens: ids.count, contextLength: text.contextLength)
        }
        return PromptSet(source: source, texts: texts, inputs: inputs, worldPrompts: worldPrompts)
    }

    public init(source: String, texts: [String], inputs: [[Int32]], worldPrompts: [WorldPrompt]?) {
        self.source = source
        self.texts = texts
        self.inputs = inputs
        self.worldPrompts = worldPrompts
    }

    /// The prompts of training step `step`: positions step·n ..< (step+1)·n of an endless sequence of
    /// epochs, each epoch a permutation drawn from (seed, epoch). Depends on nothing else, so a resumed
    /// run draws the same prompts, and every prompt is drawn once per epoch.
    public func indices(step: Int, count n: Int, seed: UInt64) -> [Int] {
        var cachedEpoch = -1, permutation: [Int] = []
        return (step * n..<(step + 1) * n).map { position in
            let epoch = position / count
            if epoch != cachedEpoch {
                permutation = Self.permutation(count: count, seed: seed &+ 0x7072_6F6D_7074 &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
                cachedEpoch = epoch
            }
            return permutation[position % count]
        }
    }

    /// Fisher–Yates from xoshiro256** with a multiply-shift draw (the standard library's shuffle may change between releases).
    public static func permutation(count: Int, seed: UInt64) -> [Int] {
        var generator = Xoshiro256StarStar(seed: seed)
        var order = Array(0..<count)
        guard count > 1 else { return order }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(UInt64(i + 1).multipliedFullWidth(by: generator.next()).high)
            order.swapAt(i, j)
        }
        return order
    }
}
