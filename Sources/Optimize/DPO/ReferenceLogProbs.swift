import Foundation
import Model
import Tensor
import Train

/// Sequence log-probabilities log π_ref(y) (sums over completion tokens, end-of-text included) of
/// every chosen and rejected completion under the frozen initial policy: computed once, kept in
/// memory, and written to the run directory so that a resumed run reads them instead of
/// recomputing (and, since the cache holds the exact floats, continues bit for bit).
public struct ReferenceLogProbs: Codable, Equatable, Sendable {
    public struct Split: Codable, Equatable, Sendable {
        public var chosen: [Float]
        public var rejected: [Float]
        /// Token counts, to recognise the data the figures belong to.
        public var chosenTokens: [Int]
        public var rejectedTokens: [Int]

        enum CodingKeys: String, CodingKey {
            case chosen, rejected
            case chosenTokens = "chosen_tokens"
            case rejectedTokens = "rejected_tokens"
        }
    }

    public var training: Split
    public var heldOut: Split

    enum CodingKeys: String, CodingKey { case training, heldOut = "held_out" }

    public static let fileName = "reference_logps.json"

    /// One forward pass per `batchSize` pairs of the reference model (no gradient). Pairs are batched
    /// in order of length, so that short ones are not padded to the longest of the file.
    public static func compute(model: GPT, data: DPOPreferenceData, padding: Int32, batchSize: Int) throws -> ReferenceLogProbs {
        func split(_ pairs: [DPOPair]) throws -> Split {
            var chosen = [Float](repeating: 0, count: pairs.count), rejected = chosen
            let byLength = pairs.indices.sorted { a, b in
                let (x, y) = (pairs[a].prompt.count + max(pairs[a].chosen.count, pairs[a].rejected.count),
                              pairs[b].prompt.count + max(pairs[b].chosen.count, pairs[b].rejected.count))
                return x != y ? x < y : a < b
            }
            for start in stride(from: 0, to: byLength.count, by: batchSize) {
                let indices = Array(byLength[start..<min(start + batchSize, byLength.count)])
                let batch = try CompletionBatch(pairs: indices.map { pairs[$0] }, padding: padding, contextLength: model.config.contextLength)
                let sums = try model.completionLogProbabilities(batch).logProbs.map { row in Float(row.reduce(0.0) { $0 + Double($1) }) }
                for (k, index) in indices.enumerated() {
                    chosen[index] = sums[k]
                    rejected[index] = sums[indices.count + k]
                }
            }
            return Split(chosen: chosen, rejected: rejected, chosenTokens: pairs.map(\.chosen.count), rejectedTokens: pairs.map(\.rejected.count))
        }
        return ReferenceLogProbs(training: try split(data.training), heldOut: try split(data.heldOut))
    }

    public func write(toRun url: URL) throws {
        try AtomicFile.write(try JSONFormat.line(self), to: url.appendingPathComponent(Self.fileName))
    }

    /// The cache of a run directory, nil when there is none; an error when it belongs to other data.
    public static func read(fromRun url: URL, matching data: DPOPreferenceData) throws -> ReferenceLogProbs? {
        let file = url.appendingPathComponent(fileName)
        guard let bytes = FileManager.default.contents(atPath: file.path) else { return nil }
        let cache: ReferenceLogProbs
        do { cache = try JSONDecoder().decode(ReferenceLogProbs.self, from: bytes) } catch {
            throw DPOError.staleReferenceCache(path: file.path, reason: "unreadable (\(error))")
        }
        for (name, split, pairs) in [("training", cache.training, data.training), ("held-out", cache.heldOut, data.heldOut)] {
            guard split.chosen.count == pairs.count, split.rejected.count == pairs.count,
                  split.chosenTokens == pairs.map(\.chosen.count), split.rejectedTokens == pairs.map(\.rejected.count) else {
                throw DPOError.staleReferenceCache(path: file.path, reason: "its \(name) pairs differ from the data's")
            }
        }
        return cache
    }
}

extension CompletionBatch {
    /// Rows 0..<n are the pairs' chosen completions, rows n..<2n their rejected ones.
    public init(pairs: [DPOPair], padding: Int32, contextLength: Int) throws {
        try self.init(prompts: pairs.map(\.prompt) + pairs.map(\.prompt), completions: pairs.map(\.chosen) + pairs.map(\.rejected),
                      padding: padding, contextLength: contextLength)
    }
}
