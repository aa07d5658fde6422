import Foundation

/// Pearson's and Spearman's correlation of two paired samples.
public struct Correlation: Codable, Equatable, Sendable {
    /// Nil when either sample is constant or there are fewer than 3 pairs.
    public var pearson: Double?
    /// Pearson on ranks (ties get their average rank, as scipy.stats.spearmanr).
    public var spearman: Double?
    /// Pairs used (points where both figures were measured).
    public var n: Int

    public static let minimumPairs = 3

    public static func of(_ x: [Double], _ y: [Double]) -> Correlation {
        let n = min(x.count, y.count)
        guard n >= minimumPairs else { return Correlation(pearson: nil, spearman: nil, n: n) }
        let xs = Array(x.prefix(n)), ys = Array(y.prefix(n))
        // A constant sample has no correlation, whatever ranks rounding noise would give it.
        guard let linear = pearson(xs, ys) else { return Correlation(pearson: nil, spearman: nil, n: n) }
        return Correlation(pearson: linear, spearman: pearson(ranks(xs), ranks(ys)), n: n)
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let count = Double(x.count)
        let meanX = x.reduce(0, +) / count, meanY = y.reduce(0, +) / count
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - meanX, dy = y[i] - meanY
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        // Relative guard: a column of equal values that picked up rounding noise is still constant.
        let scale = max(x.map(abs).max() ?? 0, 1e-300), scaleY = max(y.map(abs).max() ?? 0, 1e-300)
        guard sxx > 1e-24 * scale * scale * count, syy > 1e-24 * scaleY * scaleY * count else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// 1-based ranks, tied values sharing the mean of their positions.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for position in start...end { result[order[position]] = rank }
            start = end + 1
        }
        return result
    }
}
