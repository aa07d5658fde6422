/// Whether ensemble disagreement predicts error. Per pair, the members' margins m_k = r_c,k − r_r,k
/// and their (population) standard deviation; a pair is an error when the mean margin is ≤ 0
/// (against the label) — and, with gold, when it ranks against gold. AUROC of the std for telling
/// errors from correct rankings: 0.5 means disagreement says nothing, 1 that every error has more
/// disagreement than every correct ranking. Accuracy by std quartile shows the same as a table.
public struct EnsembleDisagreement: Codable, Equatable, Sendable {
    public struct Quantile: Codable, Equatable, Sendable {
        public var pairs: Int
        public var meanStd: Double
        public var accuracy: Double

        enum CodingKeys: String, CodingKey {
            case pairs, accuracy
            case meanStd = "mean_std"
        }
    }

    public var members: Int
    public var pairs: Int
    public var meanMemberStd: Double
    /// Share of pairs where every member ranks the pair the same way as the mean.
    public var unanimousRate: Double
    public var labelErrorAUROC: Double?
    public var goldErrorAUROC: Double?
    /// Label accuracy in std quartiles, lowest disagreement first.
    public var accuracyByStdQuartile: [Quantile]

    enum CodingKeys: String, CodingKey {
        case members, pairs
        case meanMemberStd = "mean_member_std"
        case unanimousRate = "unanimous_rate"
        case labelErrorAUROC = "label_error_auroc"
        case goldErrorAUROC = "gold_error_auroc"
        case accuracyByStdQuartile = "accuracy_by_std_quartile"
    }

    /// `memberMargins[i][k]`: member k's margin on pair i; `goldMargins` (optional) gold(chosen) − gold(rejected).
    public static func compute(memberMargins: [[Double]], goldMargins: [Double]?, quantiles: Int = 4) -> EnsembleDisagreement? {
        guard let members = memberMargins.first?.count, members > 1 else { return nil }
        let means = memberMargins.map { $0.reduce(0, +) / Double(members) }
        let stds = memberMargins.map { EvaluationStatistics.standardDeviation($0) ?? 0 }
        let unanimous = zip(memberMargins, means).map { margins, mean in margins.allSatisfy { ($0 > 0) == (mean > 0) } }
        var goldAUROC: Double?
        if let goldMargins {
            let decisive = goldMargins.indices.filter { abs(goldMargins[$0]) > 1e-9 }
            goldAUROC = EvaluationStatistics.auroc(scores: decisive.map { stds[$0] },
                                                   positives: decisive.map { means[$0] * goldMargins[$0] <= 0 })
        }
        let order = stds.indices.sorted { stds[$0] < stds[$1] }
        let groups = (0..<quantiles).compactMap { q -> Quantile? in
            let slice = order[(q * order.count / quantiles)..<((q + 1) * order.count / quantiles)]
            guard !slice.isEmpty else { return nil }
            return Quantile(pairs: slice.count, meanStd: slice.reduce(0) { $0 + stds[$1] } / Double(slice.count),
                            accuracy: slice.reduce(0) { $0 + PairAccuracy.credit(means[$1]) } / Double(slice.count))
        }
        return EnsembleDisagreement(
            members: members, pairs: memberMargins.count, meanMemberStd: EvaluationStatistics.mean(stds) ?? 0,
            unanimousRate: EvaluationStatistics.rate(unanimous) ?? 0,
            labelErrorAUROC: EvaluationStatistics.auroc(scores: stds, positives: means.map { $0 <= 0 }),
            goldErrorAUROC: goldAUROC, accuracyByStdQuartile: groups)
    }
}
