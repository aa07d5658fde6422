import Feedback
import Foundation
import Tensor
import Tokenizer

/// Prompt/completion examples from JSONL (`{"prompt": …, "completion": …}` per line): each example is
/// prompt + completion + <|endoftext|>, and the loss covers the completion and the end-of-text only.
/// Batches are drawn from one length bucket at a time and padded to that bucket's longest example,
/// so short examples do not pay for the longest one in the file.
public struct SFTExamples: TrainingData, Sendable {
    struct Example: Sendable {
        let tokens: [Int32]       // prompt + completion + end-of-text
        let promptLength: Int
    }
    private struct Record: Decodable { let prompt: String; let completion: String }

    /// Examples grouped by length; buckets are `bucketWidth` tokens wide.
    let buckets: [[Example]]
    let heldOut: [Example]
    public let tokenCount: Int
    public var heldOutTokenCount: Int { heldOut.reduce(0) { $0 + $1.tokens.count } }
    static let bucketWidth = 8

    /// `bucketing: false` puts every example in one bucket (each batch padded to its own longest example).
    public init(url: URL, tokenizer: ByteLevelBPETokenizer, contextLength: Int, heldOutFraction: Double, bucketing: Bool = true) throws {
        guard let endOfText = tokenizer.specialTokenID("<|endoftext|>") else {
            throw TrainingError.missingEndOfText(tokenizer: "the tokenizer")
        }
        var examples: [Example] = []
        try JSONLReader(url: url).forEach(Record.self) { line, record in
            let prompt = tokenizer.encode(record.prompt).map(Int32.init)
            let tokens = prompt + tokenizer.encode(record.completion).map(Int32.init) + [Int32(endOfText)]
            // A window of T inputs predicts T targets, so an example of n tokens needs T = n − 1.
            guard tokens.count - 1 <= contextLength else {
                throw TrainingError.exampleTooLong(path: url.path, line: line, tokens: tokens.count, contextLength: contextLength)
            }
            examples.append(Example(tokens: tokens, promptLength: prompt.count))
        }
        let heldOutCount = Int(Double(examples.count) * heldOutFraction)
        guard examples.count - heldOutCount > 0 else { throw TrainingError.noExamples(path: url.path) }
        heldOut = Array(examples.suffix(heldOutCount))
        var grouped: [Int: [Example]] = [:]
        for example in examples.dropLast(heldOutCount) {
            grouped[bucketing ? (example.tokens.count - 2) / Self.bucketWidth : 0, default: []].append(example)
        }
        buckets = grouped.keys.sorted().map { grouped[$0]! }
        tokenCount = examples.reduce(0) { $0 + $1.tokens.count }
    }

    /// Picks a bucket with probability proportional to its size, then B examples from it.
    public func sampleBatch(B: Int, generator: inout Xoshiro256StarStar) -> TrainingBatch {
        let total = buckets.reduce(0) { $0 + $1.count }
        var pick = Int(generator.next() % UInt64(total))
        var bucket = buckets[0]
        for candidate in buckets {
            if pick < candidate.count { bucket = candidate; break }
            pick -= candidate.count
        }
        let chosen = (0..<B).map { _ in bucket[Int(generator.next() % UInt64(bucket.count))] }
        return Self.batch(chosen)
    }

    public func heldOutBatches(B: Int, maxBatches: Int) -> [TrainingBatch] {
        let sorted = heldOut.sorted { $0.tokens.count < $1.tokens.count }
        return stride(from: 0, to: sorted.count, by: B).prefix(maxBatches).map { Self.batch(Array(sorted[$0..<min($0 + B, sorted.count)])) }
    }

    /// Pads to the longest example; padding and prompt positions get mask 0.
    static func batch(_ examples: [Example]) -> TrainingBatch {
        let T = examples.map { $0.tokens.count - 1 }.max() ?? 1
        var inputs = [Int32](repeating: 0, count: examples.count * T)
        var targets = inputs
        var mask = [Float](repeating: 0, count: examples.count * T)
        for (b, example) in examples.enumerated() {
            for t in 0..<(example.tokens.count - 1) {
                inputs[b * T + t] = example.tokens[t]
                targets[b * T + t] = example.tokens[t + 1]
                mask[b * T + t] = t + 1 >= example.promptLength ? 1 : 0
            }
        }
        return TrainingBatch(inputs: inputs, targets: targets, mask: mask, B: examples.count, T: T)
    }
}
