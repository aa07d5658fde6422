/// Agreement with gold preferences: on pairs whose gold rewards differ, how often the reward ranks
/// the gold-better response higher. Label accuracy minus gold agreement is the first link of
/// objective mismatch: what the reward model learned from the labels that the labels got wrong.
public struct GoldAgreement: Codable, Equatable, Sendable {
    public struct Group: Codable, Equatable, Sendable {
        public var pairs: Int
        public var agreement: Double
    }

    /// Pairs with different gold rewards (the rest are gold ties and are left out).
    public var pairs: Int
    public var goldTies: Int
    /// Share of `pairs` where the reward ranks the gold-better response higher (a tie counts ½).
    public var rewardGoldAgreement: Double
    /// Share of `pairs` whose label (chosen) is the gold-better response: the annotators' agreement with gold.
    public var labelGoldAgreement: Double
    /// Label accuracy on all evaluated pairs minus `rewardGoldAgreement`.
    public var labelAccuracyMinusGoldAgreement: Double
    /// Pairs whose label contradicts gold, and how often the reward sides with the (wrong) label there.
    public var mislabeledPairs: Int
    public var followsWrongLabel: Double?
    public var byFamily: [String: Group]

    enum CodingKeys: String, CodingKey {
        case pairs
        case goldTies = "gold_ties"
        case rewardGoldAgreement = "reward_gold_agreement"
        case labelGoldAgreement = "label_gold_agreement"
        case labelAccuracyMinusGoldAgreement = "label_accuracy_minus_gold_agreement"
        case mislabeledPairs = "mislabeled_pairs"
        case followsWrongLabel = "follows_wrong_label"
        case byFamily = "by_family"
    }

    /// `goldMargins[i]` = gold(chosen) − gold(rejected); nil when no pair has a gold difference.
    public static func compute(margins: [Double], goldMargins: [Double], families: [String], labelAccuracy: Double) -> GoldAgreement? {
        let decisive = goldMargins.indices.filter { abs(goldMargins[$0]) > 1e-9 }
        guard !decisive.isEmpty else { return nil }
        // Reward margin oriented toward the gold-better response.
        func credit(_ i: Int) -> Double { PairAccuracy.credit(goldMargins[i] > 0 ? margins[i] : -margins[i]) }
        func share(_ indices: [Int]) -> Double { indices.reduce(0) { $0 + credit($1) } / Double(indices.count) }
        let agreement = share(decisive)
        let mislabeled = decisive.filter { goldMargins[$0] < 0 }
        let labelRight = decisive.count - mislabeled.count
        let byFamily = Dictionary(grouping: decisive, by: { families[$0] }).mapValues { Group(pairs: $0.count, agreement: share($0)) }
        return GoldAgreement(
            pairs: decisive.count, goldTies: goldMargins.count - decisive.count, rewardGoldAgreement: agreement,
            labelGoldAgreement: Double(labelRight) / Double(decisive.count), labelAccuracyMinusGoldAgreement: labelAccuracy - agreement,
            mislabeledPairs: mislabeled.count,
            followsWrongLabel: mislabeled.isEmpty ? nil : mislabeled.reduce(0) { $0 + PairAccuracy.credit(margins[$1]) } / Double(mislabeled.count),
            byFamily: byFamily)
    }
}
