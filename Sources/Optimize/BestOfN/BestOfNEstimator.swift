import Foundation

/// The best-of-n estimates of DESIGN.md §2 from one pool of N samples of a prompt.
///
/// Best-of-n draws n of the pool without replacement and keeps the one with the highest objective.
/// With the pool sorted ascending, the i-th smallest (1-based) is the choice with probability
/// `C(i−1, n−1) / C(N, n)`, so `Σᵢ C(i−1, n−1)/C(N, n) · g₍ᵢ₎` is the unbiased estimate of E[g] of the
/// best-of-n choice for any per-sample quantity g (Nakano et al. 2021; Gao et al. 2022).
///
/// Ties: when several samples share the top objective of a subset, best-of-n picks one of them
/// uniformly at random. Averaged over the orders of the tied block, each member of a block of equal
/// objective then receives the block's total weight divided by its size: tied samples share their
/// probability equally, which is the same as averaging g over the tie.
public enum BestOfNEstimator {
    /// The weights `C(i−1, n−1) / C(N, n)` of the sorted positions i = 1…N (array index i − 1).
    /// Computed by the ratio recurrence w_N = n/N, w_{i−1} = w_i·(i−n)/(i−1): no binomial is ever
    /// formed, so N in the thousands neither overflows nor loses precision (weights only underflow to 0).
    public static func orderWeights(poolSize N: Int, n: Int) -> [Double] {
        precondition(N >= 1 && n >= 1 && n <= N, "best-of-n needs 1 ≤ n ≤ N")
        var weights = [Double](repeating: 0, count: N)
        weights[N - 1] = Double(n) / Double(N)
        var i = N
        while i > n {
            weights[i - 2] = weights[i - 1] * Double(i - n) / Double(i - 1)
            i -= 1
        }
        return weights
    }

    /// The probability that best-of-n picks each pool sample (in the pool's own order), ties shared.
    public static func selectionProbabilities(objective: [Double], n: Int) -> [Double] {
        let weights = orderWeights(poolSize: objective.count, n: n)
        var probabilities = [Double](repeating: 0, count: objective.count)
        for block in tiedBlocks(objective) {
            let share = weights[block.positions].reduce(0, +) / Double(block.members.count)
            for member in block.members { probabilities[member] = share }
        }
        return probabilities
    }

    /// Pool indices sorted ascending by objective, cut into blocks of equal objective; `positions`
    /// are the block's 0-based sorted positions.
    static func tiedBlocks(_ objective: [Double]) -> [(positions: Range<Int>, members: [Int])] {
        let order = objective.indices.sorted { (objective[$0], $0) < (objective[$1], $1) }
        var blocks: [(positions: Range<Int>, members: [Int])] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, objective[order[end]] == objective[order[start]] { end += 1 }
            blocks.append((start..<end, Array(order[start..<end])))
            start = end
        }
        return blocks
    }

    /// Σᵢ pᵢ gᵢ.
    public static func expectation(_ values: [Double], probabilities: [Double]) -> Double {
        zip(values, probabilities).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// KL(best-of-n ‖ π) = log n − (n−1)/n when the objective never ties (Stiennon et al. 2020);
    /// an upper bound otherwise (Beirami et al. 2024).
    public static func analyticKL(n: Int) -> Double { log(Double(n)) - Double(n - 1) / Double(n) }

    /// The plug-in KL of a selection distribution over the pool against the pool itself:
    /// Σ over distinct outcomes o of p_o · log(p_o · N / c_o), where c_o counts the pool samples with
    /// outcome o (identical completions) and p_o sums their selection probabilities. With all
    /// outcomes distinct this is Σᵢ pᵢ log(N·pᵢ). See docs/optimize-bon.md for what it estimates.
    public static func empiricalKL(probabilities: [Double], outcomes: [Int]) -> Double {
        precondition(probabilities.count == outcomes.count)
        var mass: [Int: Double] = [:], count: [Int: Int] = [:]
        for (p, o) in zip(probabilities, outcomes) {
            mass[o, default: 0] += p
            count[o, default: 0] += 1
        }
        let N = Double(probabilities.count)
        return mass.keys.sorted().reduce(0) { total, o in
            let p = mass[o]!
            return p > 0 ? total + p * log(p * N / Double(count[o]!)) : total
        }
    }

    /// Outcome numbers that are equal exactly when the keys are (first appearance order).
    public static func outcomeIDs<Key: Hashable>(_ keys: [Key]) -> [Int] {
        var ids: [Key: Int] = [:]
        return keys.map { key in
            if let id = ids[key] { return id }
            ids[key] = ids.count
            return ids.count - 1
        }
    }

    /// n = 1, 2, 4, … up to N, with N itself last when it is not a power of two.
    public static func sweep(poolSize N: Int) -> [Int] {
        var values: [Int] = []
        var n = 1
        while n <= N { values.append(n); n *= 2 }
        if values.last != N { values.append(N) }
        return values
    }

    /// Rejection sampling at quantile q: a sample is accepted when its objective reaches the pool's
    /// q-quantile (the sorted value at position ⌊q·N⌋, 0-based, so ties at the threshold are all kept);
    /// accepted samples are equally likely. Returns the selection probabilities.
    public static func rejectionProbabilities(objective: [Double], quantile q: Double) -> [Double] {
        let sorted = objective.sorted()
        let threshold = sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.down))))]
        let accepted = objective.filter { $0 >= threshold }.count
        return objective.map { $0 >= threshold ? 1 / Double(accepted) : 0 }
    }
}
