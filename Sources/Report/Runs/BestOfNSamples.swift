import Foundation
import Optimize
import Tensor

/// Best-of-n "checkpoints" read from a sweep's pool.jsonl: at each n, every pool sample weighted by
/// the probability that best-of-n picks it (the sweep's own estimator, ties shared), for the
/// histograms; and, for the completions table, one seeded best-of-n draw per shown prompt.
public enum BestOfNSamples {
    /// `peak`: the n of the measured gold peak, labelled "(peak)".
    public static func load(run: RunFiles, ns: [Int], peak: Int? = nil, prompts count: Int, seed: UInt64) throws -> [CheckpointSamples] {
        let url = run.url.appendingPathComponent("pool.jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let pools: [BestOfNPromptPool]
        do { pools = try BestOfNPoolFile.read(url).pools } catch { throw ReportError.sampling(run: run.url.path, reason: "\(error)") }
        guard !pools.isEmpty else { return [] }
        let shown = PromptSet.permutation(count: pools.count, seed: seed).prefix(count)
        return ns.map { n in
            var result = CheckpointSamples(label: "n = \(n)" + (n == peak && n != 1 ? " (peak)" : ""), source: url.path, shown: [], proxy: [], gold: [], lengths: [], weights: [])
            for pool in pools where n <= pool.count {
                let probabilities = BestOfNEstimator.selectionProbabilities(objective: pool.proxy.map(Double.init), n: n)
                result.proxy += pool.proxy.map(Double.init)
                result.gold = pool.gold.flatMap { gold in result.gold.map { $0 + gold } }
                result.lengths += pool.responseLengths.map(Double.init)
                result.weights! += probabilities
            }
            // The table's draws: prompts in a seeded order, a sample drawn with best-of-n's probabilities.
            var generator = Xoshiro256StarStar(seed: seed &+ UInt64(n))
            for index in shown {
                let pool = pools[index]
                guard n <= pool.count else { continue }
                let probabilities = BestOfNEstimator.selectionProbabilities(objective: pool.proxy.map(Double.init), n: n)
                let chosen = draw(probabilities, &generator)
                result.shown.append(ShownCompletion(prompt: pool.prompt, completion: pool.completions[chosen],
                                                    proxy: Double(pool.proxy[chosen]), gold: pool.gold?[chosen]))
            }
            return result
        }
    }

    static func draw(_ probabilities: [Double], _ generator: inout Xoshiro256StarStar) -> Int {
        let u = Double(generator.next() >> 11) / Double(1 << 53)
        var total = 0.0
        for (i, p) in probabilities.enumerated() {
            total += p
            if u < total { return i }
        }
        return probabilities.count - 1
    }
}
