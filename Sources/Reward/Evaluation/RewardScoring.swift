/// Scores through any `RewardFunction`, checking what it returns: one row per item, `memberCount`
/// finite values per row. Everything downstream works in Double.
struct RewardScoring {
    let reward: any RewardFunction

    /// rewards[i][k]: member k's reward of item i.
    func memberRewards(prompts: [String], completions: [String]) throws -> [[Double]] {
        guard !prompts.isEmpty else { return [] }
        let rows = try reward.memberRewards(prompts: prompts, completions: completions)
        guard rows.count == prompts.count else {
            throw RewardEvalError.rewardShape(expected: "\(prompts.count) rows (one per item)", found: "\(rows.count) rows")
        }
        let members = max(reward.memberCount, 1)
        return try rows.enumerated().map { item, row in
            guard row.count == members else {
                throw RewardEvalError.rewardShape(expected: "\(members) member rewards per item", found: "\(row.count) in item \(item)")
            }
            return try row.enumerated().map { member, value in
                guard value.isFinite else { throw RewardEvalError.nonFiniteReward(item: item, member: member) }
                return Double(value)
            }
        }
    }

    /// The member mean of each item.
    func rewards(prompts: [String], completions: [String]) throws -> [Double] {
        try memberRewards(prompts: prompts, completions: completions).map { $0.reduce(0, +) / Double($0.count) }
    }

    /// Mean reward of (prompt, a) and (prompt, b) for each probe, scored in one call.
    func comparisons(_ probes: [(prompt: String, a: String, b: String)]) throws -> [(a: Double, b: Double)] {
        let scores = try rewards(prompts: probes.map(\.prompt) + probes.map(\.prompt), completions: probes.map(\.a) + probes.map(\.b))
        return probes.indices.map { (scores[$0], scores[probes.count + $0]) }
    }
}

/// The evaluated pairs with every member's reward of chosen and rejected.
public struct ScoredPairs: Sendable {
    public var pairs: [EvaluationPair]
    /// chosen[i][k], rejected[i][k]: member k's reward.
    public var chosen: [[Double]]
    public var rejected: [[Double]]

    public init(pairs: [EvaluationPair], chosen: [[Double]], rejected: [[Double]]) {
        self.pairs = pairs
        self.chosen = chosen
        self.rejected = rejected
    }

    static func score(_ pairs: [EvaluationPair], with scoring: RewardScoring) throws -> ScoredPairs {
        let prompts = pairs.map(\.prompt)
        let rows = try scoring.memberRewards(prompts: prompts + prompts, completions: pairs.map(\.chosen) + pairs.map(\.rejected))
        return ScoredPairs(pairs: pairs, chosen: Array(rows[..<pairs.count]), rejected: Array(rows[pairs.count...]))
    }

    public var memberCount: Int { chosen.first?.count ?? 0 }
    /// Mean-over-members reward margin r_c − r_r of each pair.
    public var margins: [Double] {
        zip(chosen, rejected).map { c, r in zip(c, r).reduce(0) { $0 + $1.0 - $1.1 } / Double(max(c.count, 1)) }
    }

    /// The standard deviation of the mean reward over every response (chosen and rejected): the
    /// unit in which the probes report reward gaps, so that they compare across reward models.
    public var rewardSpread: Double? {
        let means = (chosen + rejected).map { $0.reduce(0, +) / Double(max($0.count, 1)) }
        return EvaluationStatistics.standardDeviation(means).flatMap { $0 > 1e-12 ? $0 : nil }
    }
}
