import Foundation
import Model

/// Prompts and their completions as one right-padded (B,T) batch: position p of row b feeds token
/// p and predicts token p+1, so completion token t of row b is predicted at p = promptLength − 1 + t.
/// Causal attention means the padding after a row's end never changes its log-probabilities.
public struct CompletionBatch: Sendable {
    public let prompts: [[Int32]]
    public let completions: [[Int32]]
    public let B: Int
    public let T: Int
    /// Input ids (B,T).
    public let tokens: [Int32]
    /// Next-token ids (B,T); `padding` where nothing is predicted.
    public let targets: [Int32]
    /// For row b, the flat (B,T) index predicting each of its completion tokens.
    public let positions: [[Int]]

    public init(prompts: [[Int32]], completions: [[Int32]], padding: Int32, contextLength: Int) throws {
        guard prompts.count == completions.count, !prompts.isEmpty else {
            throw OptimizeError.invalidBatch(reason: "\(prompts.count) prompts for \(completions.count) completions")
        }
        for (b, (prompt, completion)) in zip(prompts, completions).enumerated() {
            guard !prompt.isEmpty else { throw OptimizeError.invalidBatch(reason: "row \(b) has an empty prompt") }
            guard prompt.count + completion.count - 1 <= contextLength else {
                throw OptimizeError.invalidBatch(reason: "row \(b): prompt \(prompt.count) + completion \(completion.count) tokens exceed the context (\(contextLength))")
            }
        }
        self.prompts = prompts
        self.completions = completions
        B = prompts.count
        // The last completion token is only predicted, never fed.
        T = max(1, zip(prompts, completions).map { $0.count + max($1.count - 1, 0) }.max() ?? 1)
        var tokens = [Int32](repeating: padding, count: B * T)
        var targets = [Int32](repeating: padding, count: B * T)
        var positions: [[Int]] = []
        for b in 0..<B {
            let sequence = prompts[b] + completions[b]
            for p in 0..<min(T, sequence.count) { tokens[b * T + p] = sequence[p] }
            var rows: [Int] = []
            for t in completions[b].indices {
                let p = prompts[b].count - 1 + t
                targets[b * T + p] = completions[b][t]
                rows.append(b * T + p)
            }
            positions.append(rows)
        }
        self.tokens = tokens
        self.targets = targets
        self.positions = positions
    }

    /// Splits flat per-position values into one array per row (its completion tokens).
    public func gather(_ flat: [Float]) -> [[Float]] {
        positions.map { rows in rows.map { flat[$0] } }
    }
}

/// Per completion token: log π(yₜ | prompt, y<ₜ) and the entropy of π at that position.
public struct CompletionLogProbabilities: Sendable {
    public var logProbs: [[Float]]
    public var entropies: [[Float]]

    /// Σₜ log π(yₜ|·) per row: the sequence log-probability.
    public var sequenceLogProbs: [Float] { logProbs.map { $0.reduce(0, +) } }
}
