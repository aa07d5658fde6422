import Foundation
import Optimize

/// How much the ensemble members share their errors: each member's normalized reward on the
/// reference policy's samples (a best-of-n pool) is regressed on gold (least squares with an
/// intercept); the residual is what the member gets wrong about gold. The Pearson correlations of
/// the residuals between members, averaged over pairs, is the error correlation (DESIGN.md §3: members
/// from one base shared theirs at 0.73–0.88, and then UWO cannot help).
struct DemoErrorCorrelation: Codable {
    var members: Int
    var samples: Int
    /// Mean over member pairs of the residual correlation.
    var mean: Double
    /// matrix[i][j]: residual correlation of members i and j.
    var matrix: [[Double]]

    /// Nil when the pool has fewer than two members or no gold.
    init?(pool url: URL) throws {
        let pools = try BestOfNPoolFile.read(url).pools
        var gold: [Double] = [], rewards: [[Double]] = []
        for pool in pools {
            guard let g = pool.gold else { return nil }
            gold += g
            rewards += pool.memberRewards.map { $0.map(Double.init) }
        }
        guard let k = rewards.first?.count, k >= 2, rewards.count >= 3 else { return nil }
        let residuals = (0..<k).map { member in Self.residuals(rewards.map { $0[member] }, on: gold) }
        matrix = (0..<k).map { i in (0..<k).map { j in Self.correlation(residuals[i], residuals[j]) } }
        var sum = 0.0, pairs = 0
        for i in 0..<k { for j in (i + 1)..<k { sum += matrix[i][j]; pairs += 1 } }
        members = k
        samples = gold.count
        mean = sum / Double(pairs)
    }

    static func residuals(_ y: [Double], on x: [Double]) -> [Double] {
        let n = Double(y.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in y.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx) }
        let slope = sxx > 0 ? sxy / sxx : 0
        return y.indices.map { y[$0] - my - slope * (x[$0] - mx) }
    }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb) }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }
}
