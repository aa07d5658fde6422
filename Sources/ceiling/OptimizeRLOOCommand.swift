import ArgumentParser
import Foundation
import Optimize

/// The options every online method shares (PPO's command can embed them with @OptionGroup).
struct OnlineOptions: ParsableArguments {
    private static let defaults = OnlineSettings()

    @Option(help: "The policy's model directory (with tokenizer.json), e.g. an SFT run's checkpoints/final; the reference policy is a frozen copy.")
    var policy: String?
    @Option(help: "Reward model, ensemble or reward run directories, comma-separated (or repeated); all their members form one ensemble.")
    var reward: [String] = []
    @Option(help: "How members become the optimized reward: single (the first member), mean, wco (minimum), uwo (mean − λ·variance).")
    var objective: RewardObjectiveKind = defaults.objective.kind
    @Option(name: .customLong("uwo-lambda"), help: "λ of the uwo objective.") var uwoLambda = defaults.objective.uwoLambda
    @Option(help: "World directory: training prompts (train split), held-out prompts (eval split) and the gold reward.") var world: String?
    @Option(help: "Training prompts as JSONL {\"prompt\": …} (instead of the world's train split).") var prompts: String?
    @Option(name: .customLong("eval-prompts"), help: "Held-out prompts as JSONL (instead of the world's eval split).") var evalPrompts: String?
    @Option(name: .customLong("prompt-template"), help: "What the policy reads; {prompt} is the raw prompt.") var promptTemplate = defaults.promptTemplate
    @Option(help: "Policy updates (one rollout each).") var steps = defaults.steps
    @Option(name: .customLong("prompts-per-step"), help: "Prompts per rollout.") var promptsPerStep = defaults.promptsPerStep
    @Option(help: "Sampling temperature of the rollouts: only 1 (ratios, the KL penalty and the reported KL are those of the policy itself).") var temperature = defaults.temperature
    @Option(name: .customLong("max-new-tokens"), help: "Longest completion, end-of-text included.") var maxNewTokens = defaults.maxNewTokens
    @Option(name: .customLong("learning-rate"), help: "Peak learning rate of the policy's AdamW (default: the method's; PPO 5e-5, RLOO/GRPO 1e-4).") var learningRate: Float?
    @Option(name: .customLong("minimum-learning-rate"), help: "Rate at the end of a cosine decay (default: the learning rate, i.e. constant).")
    var minimumLearningRate: Float?
    @Option(name: .customLong("warmup-steps"), help: "Linear warmup steps.") var warmupSteps = defaults.warmupSteps
    @Option(name: .customLong("gradient-clip"), help: "Global gradient-norm clip.") var gradientClip = defaults.gradientClip
    @Option(name: .customLong("weight-decay"), help: "AdamW weight decay (matrices and embeddings).") var weightDecay = defaults.weightDecay
    @Option(name: .customLong("kl-coefficient"), help: "β of the KL penalty toward the reference policy (default: the method's; PPO 0.02, RLOO/GRPO 0.05).") var klCoefficient: Double?
    @Option(name: .customLong("kl-estimator"), help: "k1 (Σ log-ratio) or k3 (Σ e^(−ρ) − 1 + ρ); default: the method's.") var klEstimator: KLEstimator?
    @Option(name: .customLong("eval-samples"), help: "Held-out samples per evaluation (fixed prompts and random streams, so evaluations are paired).")
    var evalSamples = defaults.evalSamples
    @Option(name: .customLong("eval-every"), help: "Evaluate at step 0, every K steps and at the end (0: never).") var evalEvery = defaults.evalEvery
    @Option(name: .customLong("dense-eval-every"), help: "Also evaluate every K steps while the last held-out KL is below --dense-eval-below-kl (0: off).")
    var denseEvalEvery = defaults.denseEvalEvery
    @Option(name: .customLong("dense-eval-below-kl"), help: "KL (nats) below which evaluation is dense.") var denseEvalBelowKL = defaults.denseEvalBelowKL
    @Option(name: .customLong("checkpoint-every"), help: "A checkpoint every K steps; all keep the policy, the newest also the state a resume needs.")
    var checkpointEvery = defaults.checkpointEvery
    @Flag(name: .customLong("resume-state-in-every-checkpoint"), help: "Keep the resume state (optimizer, value model, step) in every checkpoint, not only the newest.")
    var resumeStateInEveryCheckpoint = false
    @Option(name: .customLong("batch-size"), help: "Rows per forward pass when sampling and evaluating.") var batchSize = defaults.batchSize
    @Option(help: "Seed of every random choice (prompt order, sampling streams).") var seed = defaults.seed
    @Option(help: "The gold-free overoptimization alarm while training (docs/mismatch.md §5): off, warn (a console warning when it fires) or stop (also end the run where it says stop).")
    var alarm = defaults.alarm
    @Option(help: "Run directory of a new run (default: runs/<method>).") var out: String?
    @Option(help: "Continue the run in this directory from its newest checkpoint, with its recorded settings (other options are ignored).")
    var resume: String?

    /// The settings of a new run; `method` names the default run directory and `estimator` the method's default KL estimator.
    /// `methodDefaults`: the method's own learning rate and β where the shared ones do not suit it.
    func settings(method: String, estimator: KLEstimator, methodDefaults: OnlineSettings = OnlineSettings()) throws -> OnlineSettings {
        guard let policy, !reward.isEmpty else { throw ValidationError("give --policy DIR and --reward DIR[,DIR…] (or --resume RUN)") }
        var settings = OnlineSettings()
        settings.policy = policy
        settings.rewards = reward.flatMap { $0.split(separator: ",").map(String.init) }
        settings.objective = RewardObjective(kind: objective, uwoLambda: uwoLambda)
        settings.world = world
        settings.prompts = prompts
        settings.evalPrompts = evalPrompts
        settings.promptTemplate = promptTemplate
        settings.steps = steps
        settings.promptsPerStep = promptsPerStep
        settings.temperature = temperature
        settings.maxNewTokens = maxNewTokens
        settings.learningRate = learningRate ?? methodDefaults.learningRate
        settings.minimumLearningRate = minimumLearningRate ?? settings.learningRate
        settings.warmupSteps = warmupSteps
        settings.gradientClip = gradientClip
        settings.weightDecay = weightDecay
        settings.klCoefficient = klCoefficient ?? methodDefaults.klCoefficient
        settings.klEstimator = klEstimator ?? estimator
        settings.evalSamples = evalSamples
        settings.evalEvery = evalEvery
        settings.denseEvalEvery = denseEvalEvery
        settings.denseEvalBelowKL = denseEvalBelowKL
        settings.checkpointEvery = checkpointEvery
        settings.resumeStateInEveryCheckpoint = resumeStateInEveryCheckpoint
        settings.batchSize = batchSize
        settings.seed = seed
        settings.alarm = alarm
        settings.out = out ?? "runs/\(method)"
        return settings
    }
}

extension RewardObjectiveKind: ExpressibleByArgument {}
extension KLEstimator: ExpressibleByArgument {}
extension KLPlacement: ExpressibleByArgument {}
extension LossAggregation: ExpressibleByArgument {}
extension OnlineAlarmMode: ExpressibleByArgument {}

/// `optimize rloo` and `optimize grpo`: one command type, two names.
struct OptimizeGroupCommand<Kind: GroupMethodName>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Kind.kind.rawValue, abstract: Kind.abstract, discussion: """
            Each step samples --samples-per-prompt completions of --prompts-per-step training prompts from the policy, scores \
            them with the reward objective (and the gold reward with --world), and takes one policy-gradient step with \
            advantages from each prompt's group. Writes a run directory: config.json ("method", "objective", "kl_placement", …), \
            metrics.jsonl (step, kl, kl_k3, proxy_reward, gold_reward, entropy, response_length, refusal_rate, ensemble_std, \
            loss, loss/policy, loss/kl, advantage_mean, advantage_std, …, and eval/… on evaluation steps), checkpoints/step-N \
            (policy model directory + optimizer state), checkpoints/final, summary.json. See docs/optimize-online.md.
            """)
    }

    @OptionGroup var online: OnlineOptions
    @Option(name: .customLong("samples-per-prompt"), help: "k samples per prompt (the group the baseline comes from; ≥ 2).") var samplesPerPrompt = 4
    @Option(name: .customLong("kl-placement"), help: "reward: R = r̂ − β·KL of the sequence; loss: β·Σₜ k3ₜ next to the surrogate. Default: rloo reward, grpo loss.")
    var klPlacement: KLPlacement?
    @Option(name: .customLong("loss-aggregation"), help: "sequence: sum over a completion's tokens; token_mean: mean over them. Default: rloo sequence, grpo token_mean.")
    var lossAggregation: LossAggregation?
    @Option(help: "Update passes over each rollout (after the first, the clipped ratio matters).") var epochs = 1
    @Option(name: .customLong("clip-range"), help: "ε of the clipped ratio clip(r, 1 ± ε).") var clipRange = 0.2
    @Option(name: .customLong("advantage-epsilon"), help: "GRPO's ε in (R − mean)/(std + ε).") var advantageEpsilon = 1e-4

    func run() throws {
        let run: OnlineRun<GroupPolicyConfig>
        if let resume = online.resume {
            run = try OnlineRun(resuming: URL(fileURLWithPath: resume))
        } else {
            let defaults = Kind.kind == .rloo ? GroupPolicyConfig.rloo() : GroupPolicyConfig.grpo()
            var config = defaults
            config.online = try online.settings(method: Kind.kind.rawValue, estimator: defaults.online.klEstimator)
            config.samplesPerPrompt = samplesPerPrompt
            config.klPlacement = klPlacement ?? defaults.klPlacement
            config.lossAggregation = lossAggregation ?? defaults.lossAggregation
            config.epochs = epochs
            config.clipRange = clipRange
            config.advantageEpsilon = advantageEpsilon
            run = OnlineRun(config: config)
        }
        let settings = run.config.online
        var progress = OnlineProgress(
            settings: settings, samplesPerStep: settings.promptsPerStep * run.config.samplesPerPrompt,
            header: "\(run.config.method): \(settings.steps) steps × \(settings.promptsPerStep) prompts × \(run.config.samplesPerPrompt) samples")
        let alarm = OnlineAlarmWatch(settings: settings)
        try run.run(events: { progress.handle($0) }, stopEarly: alarm.check)
    }
}

protocol GroupMethodName {
    static var kind: GroupAdvantageKind { get }
    static var abstract: String { get }
}

enum RLOOName: GroupMethodName {
    static let kind = GroupAdvantageKind.rloo
    static let abstract = "RLOO: k samples per prompt, leave-one-out baseline, KL (k1) in the reward by default."
}

enum GRPOName: GroupMethodName {
    static let kind = GroupAdvantageKind.grpo
    static let abstract = "GRPO: k samples per prompt, group-normalized advantages, KL (k3 per token) as a loss term by default."
}

typealias OptimizeRLOOCommand = OptimizeGroupCommand<RLOOName>
typealias OptimizeGRPOCommand = OptimizeGroupCommand<GRPOName>
