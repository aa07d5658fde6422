import Foundation

/// The online method the demo runs against the single reward model and the UWO ensemble.
public enum DemoMethod: String, CaseIterable, Codable, Sendable {
    case ppo, rloo, grpo
}

/// Every setting of one demo seed. `default` holds the values chosen in docs/calibration.md; `tiny`
/// only proves the wiring (a CI test runs it in a debug build); `small` sits between. Written into the
/// demo folder's config.json (DemoConfig).
public struct DemoSize: Codable, Equatable, Sendable {
    public var name: String
    // World and base policies.
    public var worldDocuments: Int
    public var vocabularySize: Int
    public var modelConfig: String
    /// Shares of each family's prompts in the training and held-out (eval) splits; the rest is the
    /// test split. The world's own defaults (0.7 / 0.15) hold out 220 of its ~1,460 prompts; the demo
    /// holds out 40% (≈ 585) so that an evaluation of 512 samples asks 512 different prompts.
    public var trainFraction = 0.5
    public var heldOutFraction = 0.4
    /// SFT steps of base 0, the policy that is optimized.
    public var sftSteps: Int
    /// SFT steps of bases 1…K−1, which only start reward models: a 400-step base makes as good and
    /// as diverse a member as a 1,000-step one at 40% of the time (docs/calibration.md §7).
    public var memberSFTSteps: Int
    public var sftBatchSize: Int
    /// Ensemble members; member k's reward model starts from base policy k (SFT seed k). Base 0 is
    /// the policy that is optimized, and its reward model is the single one.
    public var members: Int
    // Preferences and reward models.
    public var pairs: Int
    public var rewardEpochs: Int
    public var rewardLearningRate: Float
    /// Prompts per probe of `reward eval` (its default 200).
    public var rewardProbeLimit: Int
    /// Reference samples for each reward model's normalization (its default 1,024).
    public var rewardNormalizationSamples = 1024
    /// Held-out loss and accuracy of each reward model every this many steps (and at its last step).
    /// Only a progress figure, so the demo computes it rarely: at `reward train`'s default of 50 it
    /// cost about a quarter of each reward model's training time.
    public var rewardEvalEvery = 250
    // Best-of-n.
    public var bestOfNPrompts: Int
    public var bestOfNPool: Int
    public var uwoLambdaBestOfN: Double
    // Online method.
    public var method: DemoMethod
    public var steps: Int
    public var promptsPerStep: Int
    public var samplesPerPrompt: Int
    public var learningRate: Float
    /// PPO's rate when `--method ppo` (four epochs per rollout move it faster: docs/calibration.md §3).
    public var ppoLearningRate: Float = 5e-5
    public var klCoefficient: Double
    public var uwoLambdaOnline: Double
    public var evalSamples: Int
    public var evalEvery: Int
    public var denseEvalEvery: Int
    /// Longest completion and rows per sampling batch in best-of-n, the online runs and the paired
    /// evaluation (nil: each run's own default, 64 / 32 tokens and 64 rows).
    public var maxNewTokens: Int? = nil
    public var batchSize: Int? = nil
    /// The demo's own paired re-evaluation (base policy, the single run's peak checkpoint and final
    /// policy, the UWO run's final policy, in each condition): every held-out prompt (at most
    /// `pairedEvalPrompts`, nil for all) with this many samples each, the same streams for every policy.
    public var pairedEvalSamplesPerPrompt: Int
    public var pairedEvalPrompts: Int? = nil
    /// The best-of-n target's fresh pool: held-out prompts the sweep's pool did not use (at most this
    /// many, nil for all of them), each with a new pool of `bestOfNPool` samples, on which the best n
    /// chosen on the sweep and n = N are estimated again (so the chosen n is not tested on the samples
    /// that chose it).
    public var bestOfNFreshPrompts: Int? = nil
    /// Samples per prompt of that fresh pool: twice the sweep's, so that gold at n = `bestOfNPool` is an
    /// average over many subsets of each prompt's pool rather than its one top sample (its SE fell by a
    /// quarter on calibration seeds 0–2, docs/calibration.md §11).
    public var bestOfNFreshPool = 128
    /// Run the mitigation a second time with annotators whose labels agree with gold as often as the
    /// `biased` ones but whose errors are random flips only (docs/demo.md, "Two conditions").
    public var noiseCondition = true

    /// The label conditions each seed runs the mitigation in.
    public var conditions: [DemoCondition] { noiseCondition ? [.biased, .noise] : [.biased] }

    /// The calibrated settings (docs/calibration.md, "Recommended settings"): reward models on 10,000
    /// `biased` pairs, RLOO at lr 3e-4 with β 0.02 (k1 in the reward) for 48 steps, held-out evaluation
    /// on 512 samples every 3 steps while KL < 2 and every 6 after, best-of-n with a pool of 64 on 128
    /// held-out prompts. RLOO rather than GRPO: both show the ceiling on world seed 0, but GRPO's
    /// per-group scaling let the ensemble's cleaner reward run to twice the single model's KL (§6).
    /// lr 3e-4 rather than 2e-4: on the 40% held-out split, 2e-4 ends too close to the peak (§10).
    /// The other sizes change only what differs from these.
    public static let standard = DemoSize(
        name: "default", worldDocuments: 14_000, vocabularySize: 1024, modelConfig: "world", sftSteps: 1000, memberSFTSteps: 400, sftBatchSize: 32, members: 4,
        pairs: 10_000, rewardEpochs: 2, rewardLearningRate: 1e-3, rewardProbeLimit: 200, bestOfNPrompts: 128, bestOfNPool: 64,
        uwoLambdaBestOfN: 0.5, method: .rloo, steps: 48, promptsPerStep: 16, samplesPerPrompt: 4, learningRate: 3e-4,
        klCoefficient: 0.02, uwoLambdaOnline: 0.1, evalSamples: 512, evalEvery: 6, denseEvalEvery: 3, pairedEvalSamplesPerPrompt: 8)

    /// Fewer SFT steps, 3,000 pairs, 36 online steps on 256 held-out samples (not calibrated).
    public static let small: DemoSize = {
        var size = standard
        size.name = "small"
        size.worldDocuments = 6000
        size.vocabularySize = 768
        size.sftSteps = 400
        size.pairs = 3000
        size.rewardProbeLimit = 100
        size.bestOfNPrompts = 64
        size.steps = 36
        size.evalSamples = 256
        size.pairedEvalSamplesPerPrompt = 4
        return size
    }()

    /// CI-sized: a 1-layer × 32 model ("micro"), a few steps everywhere. A debug build is some 50–100×
    /// slower than release on the model's kernels, so every count here is as small as the wiring allows.
    public static let tiny: DemoSize = {
        var size = standard
        size.name = "tiny"
        size.worldDocuments = 300
        size.vocabularySize = 300
        size.modelConfig = "micro"
        size.sftSteps = 6
        size.memberSFTSteps = 6
        size.sftBatchSize = 4
        size.pairs = 40
        size.rewardEpochs = 1
        size.rewardProbeLimit = 2
        size.rewardNormalizationSamples = 32
        size.bestOfNPrompts = 4
        size.bestOfNPool = 4
        size.steps = 2
        size.promptsPerStep = 2
        size.samplesPerPrompt = 2
        size.evalSamples = 8
        size.evalEvery = 2
        size.denseEvalEvery = 2
        size.maxNewTokens = 12
        size.batchSize = 8
        size.pairedEvalSamplesPerPrompt = 2
        size.pairedEvalPrompts = 6
        size.bestOfNFreshPrompts = 4
        size.bestOfNFreshPool = 8
        return size
    }()

    public static func named(_ name: String) -> DemoSize? {
        switch name {
        case "tiny": return .tiny
        case "small": return .small
        case "default": return .standard
        default: return nil
        }
    }
}
