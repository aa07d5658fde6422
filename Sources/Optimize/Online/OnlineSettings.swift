import Foundation

/// Which estimator of KL(π‖π_ref) a method penalizes (DESIGN.md §1).
public enum KLEstimator: String, Codable, CaseIterable, Sendable {
    /// Σₜ ρₜ: unbiased, can be negative.
    case k1
    /// Σₜ (e^(−ρₜ) − 1 + ρₜ): unbiased per token, never negative.
    case k3
}

/// What the gold-free overoptimization alarm (Mismatch) does while an online run trains: nothing, a
/// warning on the console, or a warning and an early stop (the run then ends as if it had been given
/// that many steps: final evaluation, final checkpoint, summary with `stopped_early`).
public enum OnlineAlarmMode: String, Codable, CaseIterable, Sendable {
    case off, warn, stop
}

/// The settings every online method (PPO, RLOO, GRPO) shares, with their defaults in one place:
/// sized for the synthetic world's small policy (4 layers × 128 wide, context 64), following the
/// prototype (16 prompts per step, lr 1e-4, β 0.05, ~100 steps, ≤ 32 new tokens). A method's config
/// embeds them (its config.json holds these keys next to its own).
public struct OnlineSettings: Codable, Equatable, Sendable {
    /// The policy's model directory (with tokenizer.json); the reference policy is a frozen copy of it.
    public var policy = ""
    /// Reward model directories, ensemble directories or reward runs; all their members form one ensemble.
    public var rewards: [String] = []
    /// How the members become the optimized reward (and λ of UWO).
    public var objective = RewardObjective()
    /// A world directory: training prompts (train split), held-out prompts (eval split), gold reward.
    public var world: String?
    /// Training prompts as JSONL `{"prompt": …}` (instead of the world's train split).
    public var prompts: String?
    /// Held-out prompts as JSONL (instead of the world's eval split).
    public var evalPrompts: String?
    /// What the policy reads; `{prompt}` is the raw prompt (the world's policy input by default).
    public var promptTemplate = "Q: {prompt}\nA:"
    public var seed: UInt64 = 0
    /// Policy updates (one rollout each).
    public var steps = 100
    public var promptsPerStep = 16
    /// Must be 1: the log-probs, ratios and KL are those of π (docs/optimize-online.md, "Temperature").
    public var temperature: Float = 1
    public var maxNewTokens = 32
    public var learningRate: Float = 1e-4
    /// The rate after a cosine decay over the run; equal to `learningRate` for a constant rate.
    public var minimumLearningRate: Float = 1e-4
    public var warmupSteps = 0
    public var gradientClip: Double = 1.0
    public var weightDecay: Float = 0
    /// β of the KL penalty and the estimator it multiplies.
    public var klCoefficient: Double = 0.05
    public var klEstimator = KLEstimator.k1
    /// Held-out samples per evaluation (the held-out prompts cycled in a fixed order, one stream each).
    public var evalSamples = 256
    /// Diversity at every evaluation: this many held-out prompts (the first of the evaluation's order),
    /// each sampled `diversitySamplesPerPrompt` times on streams of their own, give distinct-1/2 across a
    /// prompt's samples (mode collapse shows as a fall). 0 turns it off.
    public var diversityPrompts = 32
    public var diversitySamplesPerPrompt = 4
    /// Evaluate at step 0, every `evalEvery` steps, every `denseEvalEvery` steps while the last
    /// measured held-out KL is below `denseEvalBelowKL` nats, and at the end. 0 turns evaluation off.
    public var evalEvery = 10
    public var denseEvalEvery = 2
    public var denseEvalBelowKL = 2.0
    /// A checkpoint (policy, method state, step) every K steps and at the end; every checkpoint keeps
    /// its policy (the report and the demo's re-evaluation load them).
    public var checkpointEvery = 10
    /// Keep the state a resume needs (optimizers' moments, PPO's value model, the loop's step) in every
    /// step checkpoint; by default only the newest keeps it, which is all a resume reads, and older ones
    /// keep only the policy's model directory (a third of the size for RLOO, less for PPO).
    public var resumeStateInEveryCheckpoint = false
    /// Rows per forward pass when sampling and scoring.
    public var batchSize = 64
    public var out = "runs/online"
    /// The overoptimization alarm while training (the command line runs it; the library only records it).
    public var alarm = OnlineAlarmMode.warn

    public init() {}

    enum CodingKeys: String, CodingKey {
        case policy, rewards, world, prompts, seed, steps, temperature, out
        case evalPrompts = "eval_prompts"
        case promptTemplate = "prompt_template"
        case promptsPerStep = "prompts_per_step"
        case maxNewTokens = "max_new_tokens"
        case learningRate = "learning_rate"
        case minimumLearningRate = "minimum_learning_rate"
        case warmupSteps = "warmup_steps"
        case gradientClip = "gradient_clip"
        case weightDecay = "weight_decay"
        case klCoefficient = "kl_coefficient"
        case klEstimator = "kl_estimator"
        case evalSamples = "eval_samples"
        case diversityPrompts = "diversity_prompts"
        case diversitySamplesPerPrompt = "diversity_samples_per_prompt"
        case evalEvery = "eval_every"
        case denseEvalEvery = "dense_eval_every"
        case denseEvalBelowKL = "dense_eval_below_kl"
        case checkpointEvery = "checkpoint_every"
        case resumeStateInEveryCheckpoint = "resume_state_in_every_checkpoint"
        case batchSize = "batch_size"
        case alarm
    }

    // The objective's keys ("objective", "uwo_lambda") sit at the top level, as DESIGN.md §5 names them.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        policy = try c.decode(String.self, forKey: .policy)
        rewards = try c.decode([String].self, forKey: .rewards)
        objective = try RewardObjective(from: decoder)
        world = try c.decodeIfPresent(String.self, forKey: .world)
        prompts = try c.decodeIfPresent(String.self, forKey: .prompts)
        evalPrompts = try c.decodeIfPresent(String.self, forKey: .evalPrompts)
        promptTemplate = try c.decode(String.self, forKey: .promptTemplate)
        seed = try c.decode(UInt64.self, forKey: .seed)
        steps = try c.decode(Int.self, forKey: .steps)
        promptsPerStep = try c.decode(Int.self, forKey: .promptsPerStep)
        temperature = try c.decode(Float.self, forKey: .temperature)
        maxNewTokens = try c.decode(Int.self, forKey: .maxNewTokens)
        learningRate = try c.decode(Float.self, forKey: .learningRate)
        minimumLearningRate = try c.decode(Float.self, forKey: .minimumLearningRate)
        warmupSteps = try c.decode(Int.self, forKey: .warmupSteps)
        gradientClip = try c.decode(Double.self, forKey: .gradientClip)
        weightDecay = try c.decode(Float.self, forKey: .weightDecay)
        klCoefficient = try c.decode(Double.self, forKey: .klCoefficient)
        klEstimator = try c.decode(KLEstimator.self, forKey: .klEstimator)
        evalSamples = try c.decode(Int.self, forKey: .evalSamples)
        // Runs written before diversity was measured had no diversity probe; they resume without one.
        diversityPrompts = try c.decodeIfPresent(Int.self, forKey: .diversityPrompts) ?? 0
        diversitySamplesPerPrompt = try c.decodeIfPresent(Int.self, forKey: .diversitySamplesPerPrompt) ?? 4
        evalEvery = try c.decode(Int.self, forKey: .evalEvery)
        denseEvalEvery = try c.decode(Int.self, forKey: .denseEvalEvery)
        denseEvalBelowKL = try c.decode(Double.self, forKey: .denseEvalBelowKL)
        checkpointEvery = try c.decode(Int.self, forKey: .checkpointEvery)
        // Runs written before the setting existed kept the state in every checkpoint.
        resumeStateInEveryCheckpoint = try c.decodeIfPresent(Bool.self, forKey: .resumeStateInEveryCheckpoint) ?? true
        batchSize = try c.decode(Int.self, forKey: .batchSize)
        out = try c.decode(String.self, forKey: .out)
        // Runs written before the alarm existed had none running.
        alarm = try c.decodeIfPresent(OnlineAlarmMode.self, forKey: .alarm) ?? .off
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(policy, forKey: .policy)
        try c.encode(rewards, forKey: .rewards)
        try objective.encode(to: encoder)
        try c.encodeIfPresent(world, forKey: .world)
        try c.encodeIfPresent(prompts, forKey: .prompts)
        try c.encodeIfPresent(evalPrompts, forKey: .evalPrompts)
        try c.encode(promptTemplate, forKey: .promptTemplate)
        try c.encode(seed, forKey: .seed)
        try c.encode(steps, forKey: .steps)
        try c.encode(promptsPerStep, forKey: .promptsPerStep)
        try c.encode(temperature, forKey: .temperature)
        try c.encode(maxNewTokens, forKey: .maxNewTokens)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(minimumLearningRate, forKey: .minimumLearningRate)
        try c.encode(warmupSteps, forKey: .warmupSteps)
        try c.encode(gradientClip, forKey: .gradientClip)
        try c.encode(weightDecay, forKey: .weightDecay)
        try c.encode(klCoefficient, forKey: .klCoefficient)
        try c.encode(klEstimator, forKey: .klEstimator)
        try c.encode(evalSamples, forKey: .evalSamples)
        try c.encode(diversityPrompts, forKey: .diversityPrompts)
        try c.encode(diversitySamplesPerPrompt, forKey: .diversitySamplesPerPrompt)
        try c.encode(evalEvery, forKey: .evalEvery)
        try c.encode(denseEvalEvery, forKey: .denseEvalEvery)
        try c.encode(denseEvalBelowKL, forKey: .denseEvalBelowKL)
        try c.encode(checkpointEvery, forKey: .checkpointEvery)
        try c.encode(resumeStateInEveryCheckpoint, forKey: .resumeStateInEveryCheckpoint)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(out, forKey: .out)
        try c.encode(alarm, forKey: .alarm)
    }

    /// Throws `OnlineError.invalidSetting` naming the first setting out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ expected: String, _ value: Any) throws {
            guard ok else { throw OnlineError.invalidSetting(name: name, value: "\(value)", expected: expected) }
        }
        try check(!policy.isEmpty, "policy", "a model directory", policy)
        try check(world != nil || prompts != nil, "prompts", "a prompts JSONL, or a world directory", "none")
        try check(world != nil || evalPrompts != nil || evalEvery == 0, "eval_prompts",
                  "a held-out prompts JSONL, a world directory, or eval_every 0", "none")
        try check(promptTemplate.contains("{prompt}"), "prompt_template", "a text containing {prompt}", promptTemplate)
        try check(steps >= 1, "steps", "≥ 1", steps)
        try check(promptsPerStep >= 1, "prompts_per_step", "≥ 1", promptsPerStep)
        // Log-probs, ratios, the KL penalty and the reported KL are all computed from the policy at temperature 1;
        // samples drawn at another temperature would make them neither KL(π‖π_ref) nor its tempered version.
        try check(temperature == 1, "temperature", "1 (log-probs and KL are those of π itself; other temperatures are not supported)", temperature)
        try check(maxNewTokens >= 1, "max_new_tokens", "≥ 1", maxNewTokens)
        try check(diversityPrompts >= 0, "diversity_prompts", "≥ 0", diversityPrompts)
        try check(diversitySamplesPerPrompt >= 2 || diversityPrompts == 0, "diversity_samples_per_prompt", "≥ 2", diversitySamplesPerPrompt)
        try check(learningRate.isFinite && learningRate > 0, "learning_rate", "a finite number > 0", learningRate)
        try check(minimumLearningRate.isFinite && minimumLearningRate >= 0 && minimumLearningRate <= learningRate,
                  "minimum_learning_rate", "in [0, learning_rate]", minimumLearningRate)
        try check(warmupSteps >= 0, "warmup_steps", "≥ 0", warmupSteps)
        try check(gradientClip.isFinite && gradientClip > 0, "gradient_clip", "a finite number > 0", gradientClip)
        try check(weightDecay.isFinite && weightDecay >= 0, "weight_decay", "a finite number ≥ 0", weightDecay)
        try check(klCoefficient.isFinite && klCoefficient >= 0, "kl_coefficient", "a finite number ≥ 0", klCoefficient)
        try check(objective.uwoLambda.isFinite && objective.uwoLambda >= 0, "uwo_lambda", "a finite number ≥ 0", objective.uwoLambda)
        try check(evalSamples >= 1, "eval_samples", "≥ 1", evalSamples)
        try check(evalEvery >= 0, "eval_every", "≥ 0 (0 = no evaluation)", evalEvery)
        try check(denseEvalEvery >= 0, "dense_eval_every", "≥ 0 (0 = no dense evaluation)", denseEvalEvery)
        try check(denseEvalBelowKL.isFinite, "dense_eval_below_kl", "a finite number of nats", denseEvalBelowKL)
        try check(checkpointEvery >= 1, "checkpoint_every", "≥ 1", checkpointEvery)
        try check(batchSize >= 1, "batch_size", "≥ 1", batchSize)
    }

    /// Whether the evaluation runs before the update of `step` (the policy after `step` updates),
    /// given the held-out KL of the last evaluation.
    public func evaluates(atStep step: Int, lastEvaluatedKL: Double?) -> Bool {
        guard evalEvery > 0 else { return false }
        if step == 0 || step >= steps || step % evalEvery == 0 { return true }
        guard denseEvalEvery > 0, let kl = lastEvaluatedKL else { return false }
        return kl < denseEvalBelowKL && step % denseEvalEvery == 0
    }
}
