import Foundation

/// The online method the demo runs against the single reward model and the UWO ensemble.
enum DemoMethod: String, CaseIterable, Codable {
    case ppo, rloo, grpo
}

/// Every setting of one demo seed. `default` holds the values chosen in docs/calibration.md; `tiny`
/// only proves the wiring (a CI test runs it in a debug build); `small` sits between.
struct DemoSize: Codable {
    var name: String
    // World and base policies.
    var worldDocuments: Int
    var vocabularySize: Int
    var modelConfig: String
    /// Shares of each family's prompts in the training and held-out (eval) splits; the rest is the
    /// test split. The world's own defaults (0.7 / 0.15) hold out 220 of its ~1,460 prompts; the demo
    /// holds out 40% (≈ 585) so that an evaluation of 512 samples asks 512 different prompts.
    var trainFraction = 0.5
    var heldOutFraction = 0.4
    /// SFT steps of base 0, the policy that is optimized.
    var sftSteps: Int
    /// SFT steps of bases 1…K−1, which only start reward models: a 400-step base makes as good and
    /// as diverse a member as a 1,000-step one at 40% of the time (docs/calibration.md §7).
    var memberSFTSteps: Int
    var sftBatchSize: Int
    /// Ensemble members; member k's reward model starts from base policy k (SFT seed k). Base 0 is
    /// the policy that is optimized, and its reward model is the single one.
    var members: Int
    // Preferences and reward models.
    var pairs: Int
    var rewardEpochs: Int
    var rewardLearningRate: Float
    /// Prompts per probe of `reward eval` (its default 200).
    var rewardProbeLimit: Int
    /// Reference samples for each reward model's normalization (its default 1,024).
    var rewardNormalizationSamples = 1024
    /// Held-out loss and accuracy of each reward model every this many steps (and at its last step).
    /// Only a progress figure, so the demo computes it rarely: at `reward train`'s default of 50 it
    /// cost about a quarter of each reward model's training time.
    var rewardEvalEvery = 250
    // Best-of-n.
    var bestOfNPrompts: Int
    var bestOfNPool: Int
    var bestOfNUWOLambda: Double
    // Online method.
    var method: DemoMethod
    var steps: Int
    var promptsPerStep: Int
    var samplesPerPrompt: Int
    var learningRate: Float
    /// PPO's rate when `--method ppo` (four epochs per rollout move it faster: docs/calibration.md §3).
    var ppoLearningRate: Float = 5e-5
    var klCoefficient: Double
    var onlineUWOLambda: Double
    var evalSamples: Int
    var evalEvery: Int
    var denseEvalEvery: Int
    /// Longest completion and rows per sampling batch in best-of-n, the online runs and the paired
    /// evaluation (nil: each run's own default, 64 / 32 tokens and 64 rows).
    var maxNewTokens: Int? = nil
    var batchSize: Int? = nil
    /// Samples of the demo's own paired re-evaluation (peak checkpoint, final single, final UWO).
    var pairedEvalSamples: Int

    /// CI-sized: a 1-layer × 32 model ("micro"), a few steps everywhere. A debug build is some 50–100×
    /// slower than release on the model's kernels, so every count here is as small as the wiring allows.
    static let tiny = DemoSize(
        name: "tiny", worldDocuments: 300, vocabularySize: 300, modelConfig: "micro", sftSteps: 6, memberSFTSteps: 6, sftBatchSize: 4, members: 4,
        pairs: 40, rewardEpochs: 1, rewardLearningRate: 1e-3, rewardProbeLimit: 2, rewardNormalizationSamples: 32, bestOfNPrompts: 4, bestOfNPool: 4,
        bestOfNUWOLambda: 0.5, method: .rloo, steps: 2, promptsPerStep: 2, samplesPerPrompt: 2, learningRate: 2e-4,
        klCoefficient: 0.02, onlineUWOLambda: 0.1, evalSamples: 8, evalEvery: 2, denseEvalEvery: 2, maxNewTokens: 12, batchSize: 8,
        pairedEvalSamples: 8)

    static let small = DemoSize(
        name: "small", worldDocuments: 6000, vocabularySize: 768, modelConfig: "world", sftSteps: 400, memberSFTSteps: 400, sftBatchSize: 32, members: 4,
        pairs: 3000, rewardEpochs: 2, rewardLearningRate: 1e-3, rewardProbeLimit: 100, bestOfNPrompts: 64, bestOfNPool: 64,
        bestOfNUWOLambda: 0.5, method: .rloo, steps: 36, promptsPerStep: 16, samplesPerPrompt: 4, learningRate: 2e-4,
        klCoefficient: 0.02, onlineUWOLambda: 0.1, evalSamples: 256, evalEvery: 6, denseEvalEvery: 3, pairedEvalSamples: 256)

    /// The calibrated settings (docs/calibration.md, "Recommended settings"): reward models on 10,000
    /// `biased` pairs, RLOO at lr 2e-4 with β 0.02 (k1 in the reward) for 48 steps, held-out evaluation
    /// on 512 samples every 3 steps while KL < 2 and every 6 after, best-of-n with a pool of 64 on 128
    /// held-out prompts. RLOO rather than GRPO: both show the ceiling on world seed 0, but GRPO's
    /// per-group scaling let the ensemble's cleaner reward run to twice the single model's KL (§6).
    static let standard = DemoSize(
        name: "default", worldDocuments: 14_000, vocabularySize: 1024, modelConfig: "world", sftSteps: 1000, memberSFTSteps: 400, sftBatchSize: 32, members: 4,
        pairs: 10_000, rewardEpochs: 2, rewardLearningRate: 1e-3, rewardProbeLimit: 200, bestOfNPrompts: 128, bestOfNPool: 64,
        bestOfNUWOLambda: 0.5, method: .rloo, steps: 48, promptsPerStep: 16, samplesPerPrompt: 4, learningRate: 2e-4,
        klCoefficient: 0.02, onlineUWOLambda: 0.1, evalSamples: 512, evalEvery: 6, denseEvalEvery: 3, pairedEvalSamples: 512)

    static func named(_ name: String) -> DemoSize? {
        switch name {
        case "tiny": return .tiny
        case "small": return .small
        case "default": return .standard
        default: return nil
        }
    }
}
