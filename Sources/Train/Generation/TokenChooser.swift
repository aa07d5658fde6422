import Foundation
import Tensor

/// One drawn token and its log-probability under the model and under the distribution it was drawn from.
public struct TokenChoice: Equatable, Sendable {
    public var token: Int32
    /// log π(token) under the unmodified model: softmax of the raw logits (temperature 1, no truncation).
    public var logProbability: Float
    /// log q(token) under the sampling distribution (temperature, top-k, top-p, renormalized); 0 when greedy.
    public var samplingLogProbability: Float
}

/// Turns one row of logits into a token, following a `SamplingConfig`.
///
/// Its buffers are allocated once for the vocabulary, so choosing allocates nothing
/// (except the sort of the top-p candidates when top-k is off).
public final class TokenChooser {
    public let config: SamplingConfig
    public let vocabularySize: Int
    /// Candidate token ids; sorted by descending logit whenever a cut is on.
    private let candidates: UnsafeMutablePointer<Int32>
    /// exp((logit − max)/temperature) by token id, filled for the candidates.
    private let weights: UnsafeMutablePointer<Double>

    public init(config: SamplingConfig, vocabularySize: Int) throws {
        try config.validate(vocabularySize: vocabularySize)
        self.config = config
        self.vocabularySize = vocabularySize
        candidates = .allocate(capacity: vocabularySize)
        weights = .allocate(capacity: vocabularySize)
        weights.initialize(repeating: 0, count: vocabularySize)
    }

    deinit {
        candidates.deallocate()
        weights.deallocate()
    }

    /// logits (V) -> a token drawn with `generator` (greedy draws nothing).
    public func choose(logits: UnsafePointer<Float>, generator: inout Xoshiro256StarStar) -> TokenChoice {
        let (best, maxLogit, sumExp) = softmaxStatistics(logits, V: vocabularySize)
        let logNormalizer = maxLogit + logf(sumExp)
        if config.isGreedy {
            return TokenChoice(token: Int32(best), logProbability: logits[best] - logNormalizer, samplingLogProbability: 0)
        }
        let (count, total) = prepareCandidates(logits: logits, maxLogit: maxLogit)
        let target = generator.nextUniformDouble() * total
        var cumulative = 0.0
        var chosen = Int(candidates[count - 1])  // if rounding leaves the target past the end
        for i in 0..<count {
            cumulative += weights[Int(candidates[i])]
            if cumulative > target {
                chosen = Int(candidates[i])
                break
            }
        }
        return TokenChoice(token: Int32(chosen), logProbability: logits[chosen] - logNormalizer,
                           samplingLogProbability: Float(log(weights[chosen] / total)))
    }

    /// The sampling distribution of one row: kept tokens and their renormalized probabilities,
    /// most likely first (for inspection and tests; `choose` draws from exactly this).
    public func distribution(logits: [Float]) -> [(token: Int32, probability: Double)] {
        precondition(logits.count == vocabularySize, "one row of \(vocabularySize) logits")
        return logits.withUnsafeBufferPointer { row in
            let base = row.baseAddress!
            if config.isGreedy {
                let best = logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }!
                return [(Int32(best), 1)]
            }
            let (count, total) = prepareCandidates(logits: base, maxLogit: logits.max()!)
            let kept = (0..<count).map { (token: candidates[$0], probability: weights[Int(candidates[$0])] / total) }
            return kept.sorted { $0.probability > $1.probability || ($0.probability == $1.probability && $0.token < $1.token) }
        }
    }

    /// Fills `candidates` (count of them) and their `weights`; returns the count and the kept weight total.
    private func prepareCandidates(logits: UnsafePointer<Float>, maxLogit: Float) -> (count: Int, total: Double) {
        let V = vocabularySize
        let inverseTemperature = 1 / Double(config.temperature)
        var count: Int, sorted: Bool
        if let k = config.topK, k < V {
            count = selectTopK(logits: logits, k: k)
            sorted = true
        } else {
            for v in 0..<V { candidates[v] = Int32(v) }
            count = V
            sorted = false
        }
        var total = 0.0
        for i in 0..<count {
            let v = Int(candidates[i])
            let weight = exp(Double(logits[v] - maxLogit) * inverseTemperature)
            weights[v] = weight
            total += weight
        }
        guard config.topP < 1 else { return (count, total) }
        if !sorted {
            // Tokens below (1−p)/V of the mass cannot be in the nucleus: together they hold less than 1−p.
            let floor = total * (1 - Double(config.topP)) / Double(V) * 0.5
            var above = 0
            for i in 0..<count where weights[Int(candidates[i])] > floor {
                candidates[above] = candidates[i]
                above += 1
            }
            count = above
            let weights = self.weights
            var heads = UnsafeMutableBufferPointer(start: candidates, count: count)
            heads.sort { (a: Int32, b: Int32) -> Bool in
                let wa: Double = weights[Int(a)], wb: Double = weights[Int(b)]
                return wa > wb || (wa == wb && a < b)
            }
        }
        let needed = Double(config.topP) * total
        var nucleus = 0.0, kept = 0
        while kept < count {
            nucleus += weights[Int(candidates[kept])]
            kept += 1
            if nucleus >= needed { break }
        }
        return (kept, nucleus)
    }

    /// Writes the k largest logits' token ids into `candidates`, largest first (ties: lower id first).
    private func selectTopK(logits: UnsafePointer<Float>, k: Int) -> Int {
        var count = 0
        var smallestKept = -Float.infinity  // the k-th largest logit so far, once k are kept (one load less per token)
        for v in 0..<vocabularySize {
            let x = logits[v]
            if count == k {
                guard x > smallestKept else { continue }
            } else {
                count += 1
            }
            var position = count - 1
            while position > 0, logits[Int(candidates[position - 1])] < x {
                candidates[position] = candidates[position - 1]
                position -= 1
            }
            candidates[position] = Int32(v)
            if count == k { smallestKept = logits[Int(candidates[k - 1])] }
        }
        return count
    }
}
