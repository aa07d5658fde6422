import Foundation

/// Advantages of k samples per prompt on consecutive rows (DESIGN.md §2), computed within each group.
public enum GroupAdvantages {
    /// RLOO: Aᵢ = Rᵢ − mean_{j≠i} Rⱼ (the other samples of the prompt are the baseline).
    public static func leaveOneOut(_ rewards: [Double], groupSize k: Int) throws -> [Double] {
        try groups(rewards, k).flatMap { group -> [Double] in
            let total = group.reduce(0, +)
            return group.map { $0 - (total - $0) / Double(k - 1) }
        }
    }

    /// GRPO: Aᵢ = (Rᵢ − mean_j Rⱼ) / (std_j Rⱼ + ε), with the sample standard deviation (n − 1, as
    /// TRL's GRPO trainer computes it).
    public static func groupNormalized(_ rewards: [Double], groupSize k: Int, epsilon: Double) throws -> [Double] {
        try groups(rewards, k).flatMap { group -> [Double] in
            let mean = group.reduce(0, +) / Double(k)
            let std = (group.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(k - 1)).squareRoot()
            return group.map { ($0 - mean) / (std + epsilon) }
        }
    }

    private static func groups(_ rewards: [Double], _ k: Int) throws -> [ArraySlice<Double>] {
        guard k >= 2 else { throw OptimizeError.invalidSetting(name: "samples_per_prompt", reason: "\(k): a group baseline needs at least 2 samples per prompt") }
        guard !rewards.isEmpty, rewards.count % k == 0 else {
            throw OptimizeError.invalidBatch(reason: "\(rewards.count) rewards do not form groups of \(k)")
        }
        return stride(from: 0, to: rewards.count, by: k).map { rewards[$0..<($0 + k)] }
    }
}
