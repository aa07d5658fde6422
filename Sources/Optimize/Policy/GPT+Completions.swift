import Foundation
import Model
import Tensor

extension GPT {
    /// Log-probabilities and entropies of the completion tokens (forward only).
    public func completionLogProbabilities(_ batch: CompletionBatch) throws -> CompletionLogProbabilities {
        let logits = try forward(tokens: batch.tokens, B: batch.B, T: batch.T)
        return scoreCompletions(batch, logits: logits)
    }

    /// One training pass over a loss written in the completion log-probabilities: forward, then
    /// `lossGradient` turns the current log-probs into ∂L/∂log πₜ (one array per row, same shape),
    /// then backward accumulates ∂L/∂θ into `gradients`. Returns the log-probs the gradient saw.
    @discardableResult
    public func completionForwardBackward(
        _ batch: CompletionBatch, lossGradient: (CompletionLogProbabilities) throws -> [[Float]]
    ) throws -> CompletionLogProbabilities {
        let logits = try forward(tokens: batch.tokens, B: batch.B, T: batch.T)
        let scored = scoreCompletions(batch, logits: logits)
        let perRow = try lossGradient(scored)
        guard perRow.count == batch.B, zip(perRow, batch.positions).allSatisfy({ $0.count == $1.count }) else {
            throw OptimizeError.invalidBatch(reason: "the loss gradient's shape does not match the completions")
        }
        var dLogProbs = [Float](repeating: 0, count: batch.B * batch.T)
        for (rows, values) in zip(batch.positions, perRow) { for (row, value) in zip(rows, values) { dLogProbs[row] = value } }
        // The logits buffer is dead once scored: the gradient overwrites it in place (as the LM loss does).
        batch.targets.withUnsafeBufferPointer { targets in
            logProbabilityBackward(dlogits: logits, logits: logits, targets: targets.baseAddress!, dLogProbs: dLogProbs,
                                   N: batch.B * batch.T, V: config.vocabularySize)
        }
        try backward(dLogits: logits)
        return scored
    }

    private func scoreCompletions(_ batch: CompletionBatch, logits: UnsafePointer<Float>) -> CompletionLogProbabilities {
        let N = batch.B * batch.T
        var logProbs = [Float](repeating: 0, count: N), entropies = [Float](repeating: 0, count: N)
        batch.targets.withUnsafeBufferPointer { targets in
            tokenLogProbabilitiesAndEntropies(logProbs: &logProbs, entropies: &entropies, logits: logits,
                                              targets: targets.baseAddress!, N: N, V: config.vocabularySize)
        }
        return CompletionLogProbabilities(logProbs: batch.gather(logProbs), entropies: batch.gather(entropies))
    }
}
