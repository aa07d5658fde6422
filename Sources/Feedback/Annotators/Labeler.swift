import Foundation

/// Turns utilities into a label the way a Boltzmann-rational, sometimes careless person would.
enum Labeler {
    /// A ranking (indices, best first) by Plackett–Luce sampling with weights exp(u/T): the best is
    /// drawn first, then the best of the rest, and so on. At T = 0 each draw takes the highest
    /// utility (ties broken by a fair draw). For two items this is P(a ≻ b) = σ((u_a − u_b)/T).
    /// A careless annotator then, with probability `flipRate`, swaps one random adjacent pair
    /// (for two items: flips the label).
    static func rank(utilities: [Double], temperature: Double, flipRate: Double, random: inout WorldRandom) -> [Int] {
        var remaining = Array(utilities.indices)
        var ranking: [Int] = []
        while !remaining.isEmpty {
            let pick: Int
            if temperature <= 0 {
                let best = remaining.map { utilities[$0] }.max() ?? 0
                let tied = remaining.filter { utilities[$0] == best }
                pick = tied[random.below(tied.count)]
            } else {
                let top = remaining.map { utilities[$0] }.max() ?? 0
                let weights = remaining.map { exp((utilities[$0] - top) / temperature) }
                pick = remaining[random.weightedIndex(weights)]
            }
            ranking.append(pick)
            remaining.removeAll { $0 == pick }
        }
        if ranking.count >= 2, random.chance(flipRate) {
            let i = random.below(ranking.count - 1)
            ranking.swapAt(i, i + 1)
        }
        return ranking
    }
}
