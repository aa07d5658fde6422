/// Anything that scores (prompt, completion) pairs: a reward model, an ensemble of them, or a
/// stand-in in tests. The evaluation suite and the optimizers depend on this, not on a model type.
public protocol RewardFunction {
    /// Members scored per item: 1 for a single reward model, K for an ensemble.
    var memberCount: Int { get }
    /// rewards[i][k] is member k's reward for (prompts[i], completions[i]). Prompts are the raw prompt
    /// texts of the data (e.g. "What is 7 plus 5?"); formatting them for the model is the function's job.
    func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]]
}

extension RewardFunction {
    /// The mean over members of each item's reward.
    public func rewards(prompts: [String], completions: [String]) throws -> [Float] {
        try memberRewards(prompts: prompts, completions: completions).map { members in
            members.reduce(0, +) / Float(max(members.count, 1))
        }
    }
}
