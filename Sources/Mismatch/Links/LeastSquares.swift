import Foundation

/// Ordinary least squares of y on x with an intercept: the alarm's reward-per-√KL slopes and the
/// ensemble members' errors (what is left of a reward after its line on gold).
enum LeastSquares {
    /// Slope of y on x over (x, y) points; nil with fewer than two points or without spread in x.
    static func slope(_ points: [(Double, Double)]) -> Double? {
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let meanX = points.map(\.0).reduce(0, +) / n, meanY = points.map(\.1).reduce(0, +) / n
        let sxx = points.reduce(0) { $0 + ($1.0 - meanX) * ($1.0 - meanX) }
        guard sxx > 1e-12 else { return nil }
        return points.reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) } / sxx
    }

    /// y minus its fitted line on x (y minus its mean when x has no spread).
    static func residuals(_ y: [Double], on x: [Double]) -> [Double] {
        let n = Double(y.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        let slope = Self.slope(Array(zip(x, y))) ?? 0
        return y.indices.map { y[$0] - meanY - slope * (x[$0] - meanX) }
    }
}
