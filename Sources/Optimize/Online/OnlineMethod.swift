import Foundation

/// An online policy-optimization method (PPO, RLOO, GRPO): the shared online loop samples a rollout
/// from the policy, scores it (objective, gold, reference log-probs) and hands it to `update`, which
/// changes the policy's weights (and the method's own state: optimizers, value model, adaptive β).
public protocol OnlineMethod: AnyObject {
    /// Samples per prompt in a rollout (PPO 1; RLOO/GRPO k, on consecutive rows).
    var samplesPerPrompt: Int { get }
    /// One optimization phase on a rollout; returns the step's metrics under metrics.jsonl names
    /// ("loss/policy", "clip_fraction", …).
    func update(_ rollout: Rollout, step: Int) throws -> [String: Double]
    /// Writes / restores everything besides the policy weights that a resumed run needs
    /// (optimizer moments, value model, KL controller) in a checkpoint folder.
    func saveState(to folder: URL) throws
    func loadState(from folder: URL) throws
}
