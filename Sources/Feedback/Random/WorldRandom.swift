// Seeded randomness for the synthetic world: every random choice flows from an explicit seed.

import Tensor

/// The project's xoshiro256** with named streams and the draws the world needs. The world's only source of randomness.
public struct WorldRandom: RandomNumberGenerator {
    private var core: Xoshiro256StarStar

    public init(seed: UInt64) { core = Xoshiro256StarStar(seed: seed) }

    /// An independent stream for one purpose (e.g. "corpus", "pairs"), so that adding draws to one
    /// purpose never shifts the draws of another.
    public init(seed: UInt64, stream: String) {
        self.init(seed: seed ^ WorldRandom.hash(stream))
    }

    public mutating func next() -> UInt64 { core.next() }

    /// FNV-1a over UTF-8 bytes: a stable (process-independent) hash, unlike `Hasher`.
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform integer below `bound` (> 0), unbiased (Lemire 2019); implemented here rather than
    /// `Int.random(in:using:)` so that the same seed gives the same draws on every toolchain.
    public mutating func below(_ bound: Int) -> Int {
        let n = UInt64(bound)
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold { product = next().multipliedFullWidth(by: n) }
        }
        return Int(product.high)
    }

    /// Uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// A uniformly chosen element; the array must not be empty (callers pass static tables).
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Index drawn proportionally to non-negative weights (at least one positive).
    public mutating func weightedIndex(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.lastIndex(where: { $0 > 0 }) ?? 0
    }

    /// Fisher–Yates shuffle driven by this generator (the standard library's algorithm may change).
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = below(i + 1)
            items.swapAt(i, j)
        }
    }
}
