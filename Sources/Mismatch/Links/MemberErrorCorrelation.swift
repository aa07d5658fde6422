import Foundation

/// How much the members of a reward ensemble share their errors, measured on samples with gold (the
/// reference policy's best-of-n pool): each member's reward is regressed on gold (least squares with
/// an intercept) and what is left is that member's error; the Pearson correlation of two members'
/// errors is their error correlation. An ensemble averages out the errors members make independently,
/// not the ones they share: the mean of K members with pairwise error correlation ρ keeps
/// ρ + (1 − ρ)/K of one member's error variance (`retainedErrorVariance`).
public struct MemberErrorCorrelation: Codable, Equatable, Sendable {
    public var members: Int
    public var samples: Int
    /// Mean over member pairs of the error correlation.
    public var mean: Double
    /// matrix[i][j]: error correlation of members i and j (1 on the diagonal).
    public var matrix: [[Double]]
    /// The same mean after removing each prompt's mean from gold and from every member first: the errors
    /// that decide which of one prompt's samples wins (what best-of-n and RLOO compare). Nil without prompts.
    public var withinPromptMean: Double?
    /// Pearson correlation of each member's reward with gold.
    public var memberGoldCorrelation: [Double?]
    /// Pearson correlation of the members' mean with gold.
    public var ensembleMeanGoldCorrelation: Double?

    enum CodingKeys: String, CodingKey {
        case members, samples, mean, matrix
        case withinPromptMean = "within_prompt_mean"
        case memberGoldCorrelation = "member_gold_correlation"
        case ensembleMeanGoldCorrelation = "ensemble_mean_gold_correlation"
    }

    /// `memberRewards[i]`: every member's reward of sample i; `gold[i]` its gold reward; `prompts[i]`
    /// (optional) which prompt sample i answers. Nil with fewer than two members or three samples.
    public init?(memberRewards: [[Double]], gold: [Double], prompts: [Int]? = nil) {
        guard let k = memberRewards.first?.count, k >= 2, memberRewards.count >= Correlation.minimumPairs,
              gold.count == memberRewards.count, memberRewards.allSatisfy({ $0.count == k }) else { return nil }
        let columns = (0..<k).map { member in memberRewards.map { $0[member] } }
        matrix = Self.errorCorrelations(columns, gold: gold)
        mean = Self.meanOffDiagonal(matrix)
        if let prompts, prompts.count == gold.count {
            let centered = columns.map { Self.centered($0, groups: prompts) }
            withinPromptMean = Self.meanOffDiagonal(Self.errorCorrelations(centered, gold: Self.centered(gold, groups: prompts)))
        }
        memberGoldCorrelation = columns.map { Correlation.pearson($0, gold) }
        ensembleMeanGoldCorrelation = Correlation.pearson(memberRewards.map { $0.reduce(0, +) / Double(k) }, gold)
        members = k
        samples = gold.count
    }

    /// Share of one member's error variance the ensemble mean keeps if every pair had the mean correlation.
    public var retainedErrorVariance: Double { mean + (1 - mean) / Double(members) }

    static func errorCorrelations(_ columns: [[Double]], gold: [Double]) -> [[Double]] {
        let errors = columns.map { LeastSquares.residuals($0, on: gold) }
        return errors.indices.map { i in errors.indices.map { j in i == j ? 1 : Correlation.pearson(errors[i], errors[j]) ?? 0 } }
    }

    /// Every member pair's error correlation (i < j), in row order.
    public var pairCorrelations: [Double] { Self.upperTriangle(matrix) }

    static func upperTriangle(_ matrix: [[Double]]) -> [Double] {
        matrix.indices.flatMap { i in ((i + 1)..<matrix.count).map { matrix[i][$0] } }
    }

    static func meanOffDiagonal(_ matrix: [[Double]]) -> Double {
        let pairs = upperTriangle(matrix)
        return pairs.isEmpty ? 0 : pairs.reduce(0, +) / Double(pairs.count)
    }

    /// Each value minus the mean of its group.
    static func centered(_ values: [Double], groups: [Int]) -> [Double] {
        var sums: [Int: (total: Double, count: Double)] = [:]
        for (value, group) in zip(values, groups) { sums[group, default: (0, 0)].total += value; sums[group, default: (0, 0)].count += 1 }
        return zip(values, groups).map { value, group in
            guard let sum = sums[group] else { return value }
            return value - sum.total / sum.count
        }
    }
}
