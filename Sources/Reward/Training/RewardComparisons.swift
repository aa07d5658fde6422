import Feedback
import Foundation
import Tensor

/// The loss a reward model trains with (`--loss`).
public enum RewardLossKind: String, Codable, CaseIterable, Sendable {
    /// Bradley–Terry on pairs; a ranking contributes all its ordered pairs (InstructGPT).
    case bt
    /// Bradley–Terry with the record's `margin` field subtracted (Llama 2); every pair needs one.
    case margin
    /// Plackett–Luce on whole rankings; a pair is a ranking of two (where it equals Bradley–Terry).
    case pl
}

/// One training comparison: completions of one prompt, best first, already tokenized.
public struct RewardComparison: Sendable {
    public var prompt: String?
    public var completions: [String]
    public var margin: Double
    /// 1-based line of the record in the data file.
    public var line: Int
}

/// The comparisons of a preference file, split into training and held-out sets by record: the last
/// `heldOutFraction` of the records are held out (as `ceiling reward eval --split F` reads them), so a
/// ranking's pairs never straddle the split. Unpaired (KTO) records carry no
/// comparison and are counted, not used.
public struct RewardComparisons: Sendable {
    public var training: [RewardComparison]
    public var heldOut: [RewardComparison]
    public var skippedUnpaired: Int

    private struct MarginField: Decodable {
        var margin: Double?
        init(from decoder: Decoder) throws {
            let keys = try decoder.container(keyedBy: Key.self)
            margin = try? keys.decodeIfPresent(Double.self, forKey: .margin)
            if margin == nil, keys.contains(.margin), (try? keys.decodeNil(forKey: .margin)) != true { margin = .nan }
        }
        enum Key: String, CodingKey { case margin }
    }

    public static func load(url: URL, loss: RewardLossKind, heldOutFraction: Double) throws -> RewardComparisons {
        var records: [(line: Int, record: PreferenceRecord)] = []
        try PreferenceReader(url: url).forEach { line, record in records.append((line, record)) }
        var margins: [Int: Double] = [:]
        try JSONLReader(url: url).forEach(MarginField.self) { line, field in margins[line] = field.margin }

        var skipped = 0
        var groups: [[RewardComparison]] = []
        for (line, record) in records {
            let margin = margins[line] ?? nil
            if let margin, !margin.isFinite { throw RewardError.badMargin(path: url.path, line: line) }
            if loss == .margin, margin == nil { throw RewardError.missingMargin(path: url.path, line: line) }
            let ranked: [String]
            switch record {
            case .pair(let pair): ranked = [pair.chosen.plainText, pair.rejected.plainText]
            case .ranking(let ranking): ranked = ranking.rankedCompletions.map(\.plainText)
            case .unpaired: skipped += 1; continue
            }
            let prompt = record.prompt?.plainText
            if loss == .pl || ranked.count == 2 {
                groups.append([RewardComparison(prompt: prompt, completions: ranked, margin: margin ?? 0, line: line)])
            } else {
                groups.append((0..<ranked.count).flatMap { i in (i + 1..<ranked.count).map { j in
                    RewardComparison(prompt: prompt, completions: [ranked[i], ranked[j]], margin: margin ?? 0, line: line)
                } })
            }
        }
        guard !groups.isEmpty else { throw RewardError.noComparisons(path: url.path, reason: "the file holds no pairs or rankings") }

        let heldOutCount = min(groups.count - 1, Int((Double(groups.count) * heldOutFraction).rounded()))
        let heldOut = groups.suffix(heldOutCount).flatMap { $0 }
        let training = groups.dropLast(heldOutCount).flatMap { $0 }
        return RewardComparisons(training: training, heldOut: heldOut, skippedUnpaired: skipped)
    }

    /// Fisher–Yates with the project's generator (the standard library's shuffle is not specified).
    public static func shuffled<T>(_ items: [T], generator: inout Xoshiro256StarStar) -> [T] {
        var items = items
        if items.count < 2 { return items }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, Int(generator.next() % UInt64(i + 1)))
        }
        return items
    }
}

/// The order a member sees the training comparisons in: per epoch a fresh seeded permutation of its
/// training set (a bootstrap resample of the comparisons when asked). Batch `step` is a pure
/// function of (seed, step), so a resumed run needs no data state.
///
/// With `lengths` (each comparison's longest tokenized completion) batches are grouped by length, as
/// TRL's `group_by_length`: each epoch's permutation is cut into mega-batches of
/// `megaBatchFactor × batchSize` comparisons and each is sorted longest first, so a batch holds
/// comparisons of similar length and pads little. Every comparison is still seen once per epoch.
public struct RewardDataOrder: Sendable {
    public let indices: [Int]
    public let batchSize: Int
    public let epochs: Int
    /// Every epoch's order, computed once: a training step only looks its batch up.
    let epochOrders: [[Int]]
    /// Mega-batch size in batches (Hugging Face's LengthGroupedSampler uses 50).
    public static let megaBatchFactor = 50

    public init(count: Int, batchSize: Int, epochs: Int, seed: UInt64, bootstrap: Bool, lengths: [Int]? = nil) {
        precondition(lengths == nil || lengths?.count == count, "one length per comparison")
        var generator = Xoshiro256StarStar(seed: seed &+ 0xB0075)
        let members = bootstrap ? (0..<count).map { _ in Int(generator.next() % UInt64(count)) } : Array(0..<count)
        indices = members
        self.batchSize = batchSize
        self.epochs = epochs
        epochOrders = (0..<epochs).map { Self.order(of: members, epoch: $0, batchSize: batchSize, seed: seed, lengths: lengths) }
    }

    public var steps: Int { (indices.count * epochs + batchSize - 1) / batchSize }

    public func batch(step: Int) -> [Int] {
        let n = indices.count
        let start = step * batchSize, end = min(start + batchSize, n * epochs)
        guard start < end else { return [] }
        return (start..<end).map { epochOrders[$0 / n][$0 % n] }
    }

    /// The comparisons of one epoch in the order they are trained.
    static func order(of indices: [Int], epoch: Int, batchSize: Int, seed: UInt64, lengths: [Int]?) -> [Int] {
        var generator = Xoshiro256StarStar(seed: seed &+ 0xDA7A &+ UInt64(epoch) &* 0x9E37_79B9)
        let permutation = RewardComparisons.shuffled(indices, generator: &generator)
        guard let lengths else { return permutation }
        let megaBatch = megaBatchFactor * batchSize
        return stride(from: 0, to: permutation.count, by: megaBatch).flatMap { first in
            // Sorting (length, position) pairs keeps ties in permutation order: a stable, seeded order.
            permutation[first..<min(first + megaBatch, permutation.count)].enumerated()
                .sorted { a, b in
                    let lengthA = lengths[a.element], lengthB = lengths[b.element]
                    return lengthA != lengthB ? lengthA > lengthB : a.offset < b.offset
                }
                .map(\.element)
        }
    }
}
