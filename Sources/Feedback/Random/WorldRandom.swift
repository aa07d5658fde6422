// Seeded randomness for the synthetic world: every random choice flows from an explicit seed.

/// SplitMix64 (Steele, Lea & Flood 2014): expands one 64-bit seed into well-mixed state words.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64. The world's only source of randomness.
public struct WorldRandom: RandomNumberGenerator {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// An independent stream for one purpose (e.g. "corpus", "pairs"), so that adding draws to one
    /// purpose never shifts the draws of another.
    public init(seed: UInt64, stream: String) {
        self.init(seed: seed ^ WorldRandom.hash(stream))
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

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
