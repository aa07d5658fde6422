/// Diversity across one prompt's samples: distinct-n (Li et al. 2016), the share of the samples'
/// n-grams that are distinct, counted over all of the prompt's samples together (1 when no n-gram
/// repeats, 1/k when all k samples are the same). A policy collapsing onto one answer per prompt shows
/// as a fall; `entropy` (the mean per-token entropy) is its distribution-level companion.
public enum Diversity {
    /// Distinct n-grams / all n-grams over `samples` (token sequences, end-of-text excluded); nil when
    /// no sample has n tokens.
    public static func distinct(_ n: Int, samples: [[Int32]]) -> Double? {
        var seen = Set<[Int32]>(), total = 0
        for tokens in samples where tokens.count >= n {
            for start in 0...(tokens.count - n) {
                seen.insert(Array(tokens[start..<(start + n)]))
                total += 1
            }
        }
        return total == 0 ? nil : Double(seen.count) / Double(total)
    }
}
