// Small, dependency-free statistics the evaluation figures share. Each returns nil where the figure
// is undefined (no items, no variance), so that eval.json never holds NaN.

enum EvaluationStatistics {
    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Population standard deviation.
    static func standardDeviation(_ values: [Double]) -> Double? {
        guard let m = mean(values) else { return nil }
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot()
    }

    static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + (-x).exp) : x.exp / (1 + x.exp)
    }

    /// Pearson correlation of already centred values (Σxy / √(Σx²Σy²)); nil when either has no spread.
    static func centredCorrelation(_ x: [Double], _ y: [Double]) -> Double? {
        let sxy = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
        let sxx = x.reduce(0) { $0 + $1 * $1 }
        let syy = y.reduce(0) { $0 + $1 * $1 }
        guard sxx > 1e-12, syy > 1e-12 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double? {
        guard let mx = mean(x), let my = mean(y) else { return nil }
        return centredCorrelation(x.map { $0 - mx }, y.map { $0 - my })
    }

    /// Area under the ROC curve of `scores` for telling `positives` from the rest: the probability
    /// that a random positive scores above a random negative, ties counting one half (Mann–Whitney U
    /// with mid-ranks). Nil when either class is empty.
    static func auroc(scores: [Double], positives: [Bool]) -> Double? {
        let positiveCount = positives.filter { $0 }.count
        let negativeCount = positives.count - positiveCount
        guard positiveCount > 0, negativeCount > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let midRank = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = midRank }
            start = end + 1
        }
        let positiveRankSum = zip(ranks, positives).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
        let u = positiveRankSum - Double(positiveCount * (positiveCount + 1)) / 2
        return u / Double(positiveCount * negativeCount)
    }

    /// Share of `true`; nil for no items.
    static func rate(_ flags: [Bool]) -> Double? {
        flags.isEmpty ? nil : Double(flags.filter { $0 }.count) / Double(flags.count)
    }
}

extension Double {
    fileprivate var exp: Double { Foundation.exp(self) }
}

import Foundation
