import ArgumentParser
import Foundation
import Optimize

extension ValueInitialization: ExpressibleByArgument {}

/// `optimize ppo`: the shared online options plus PPO's own; the loop and the method live in Optimize.
struct OptimizePPOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ppo",
        abstract: "PPO: per-token KL-penalized rewards, GAE over a value model, clipped policy and value losses, minibatch epochs.",
        discussion: """
            Each step samples one completion of each of --prompts-per-step training prompts from the policy, scores them with \
            the reward objective (and the gold reward with --world), turns them into per-token rewards r_t = −β·kl_t (+ the \
            objective at the last token, − --missing-eos-penalty when the sample hit --max-new-tokens), computes GAE advantages \
            over the value model, and runs --epochs passes of --minibatches clipped-surrogate policy steps and clipped value \
            steps. Writes a run directory: config.json ("method": "ppo", "objective", every setting), metrics.jsonl (step, kl, \
            kl_k3, proxy_reward, gold_reward, entropy, response_length, refusal_rate, ensemble_std, loss, loss/policy, \
            loss/value, clip_fraction, approx_kl, value/explained_variance, kl_coefficient, advantage_mean, return_mean, \
            non_score_reward, …, and eval/… on evaluation steps), checkpoints/step-N (policy + optimizer, value model, β), \
            checkpoints/final, summary.json. See docs/optimize-ppo.md.
            """)

    private static let defaults = PPOSettings()

    @OptionGroup var online: OnlineOptions
    @Option(help: "γ: discount of the per-token rewards.") var gamma = defaults.gamma
    @Option(name: .customLong("gae-lambda"), help: "λ of generalized advantage estimation.") var gaeLambda = defaults.gaeLambda
    @Option(name: .customLong("clip-range"), help: "ε of the clipped surrogate: ratios outside [1−ε, 1+ε] stop pulling.") var clipRange = defaults.clipRange
    @Option(name: .customLong("value-clip-range"), help: "ε_v of the clipped value loss around the rollout's values.")
    var valueClipRange = defaults.valueClipRange
    @Option(name: .customLong("value-loss-coefficient"), help: "Scale of the value loss's gradient (TRL's vf_coef).")
    var valueLossCoefficient = defaults.valueLossCoefficient
    @Option(help: "Passes over each rollout.") var epochs = defaults.epochs
    @Option(help: "Minibatches per pass (a seeded shuffle of the rollout's rows).") var minibatches = defaults.minibatches
    @Flag(name: .customLong("whiten-advantages"), inversion: .prefixedNo, help: "Whiten the advantages over the rollout's tokens.")
    var whitenAdvantages = defaults.whitenAdvantages
    @Flag(name: .customLong("adaptive-kl"), help: "Adapt β (from --kl-coefficient) toward --target-kl (Ziegler et al.) instead of keeping it fixed.")
    var adaptiveKL = false
    @Option(name: .customLong("target-kl"), help: "Per-sequence KL (nats) the adaptive β aims for.") var targetKL = defaults.targetKL
    @Option(name: .customLong("kl-horizon"), help: "Horizon of the adaptive β: β·(1 + clip(KL/target − 1, ±0.2)·samples/horizon) per step.")
    var klHorizon = defaults.klHorizon
    @Option(name: .customLong("missing-eos-penalty"), help: "Subtracted from the objective of samples without end-of-text (normalized reward units).")
    var missingEndOfTextPenalty = defaults.missingEndOfTextPenalty
    @Option(name: .customLong("value-learning-rate"), help: "Peak learning rate of the value model (same schedule shape as the policy's).")
    var valueLearningRate = defaults.valueLearningRate
    @Option(name: .customLong("value-init"), help: "Where the value model starts: policy (its backbone, zero head) or reward (the first reward member, TRL's choice).")
    var valueInitialization = defaults.valueInitialization

    func run() throws {
        let run: OnlineRun<PPOConfig>
        if let resume = online.resume {
            run = try OnlineRun(resuming: URL(fileURLWithPath: resume))
        } else {
            var ppo = PPOSettings()
            ppo.gamma = gamma
            ppo.gaeLambda = gaeLambda
            ppo.clipRange = clipRange
            ppo.valueClipRange = valueClipRange
            ppo.valueLossCoefficient = valueLossCoefficient
            ppo.epochs = epochs
            ppo.minibatches = minibatches
            ppo.whitenAdvantages = whitenAdvantages
            ppo.adaptiveKL = adaptiveKL
            ppo.targetKL = targetKL
            ppo.klHorizon = klHorizon
            ppo.missingEndOfTextPenalty = missingEndOfTextPenalty
            ppo.valueLearningRate = valueLearningRate
            ppo.valueInitialization = valueInitialization
            // Four epochs per rollout move this small model fast: docs/calibration.md measured the rise and
            // fall of gold at lr 5e-5, β 0.02 (the shared 1e-4 overshot before the first evaluation).
            var ppoDefaults = OnlineSettings()
            ppoDefaults.learningRate = 5e-5
            ppoDefaults.klCoefficient = 0.02
            run = OnlineRun(config: PPOConfig(online: try online.settings(method: "ppo", estimator: .k1, methodDefaults: ppoDefaults), ppo: ppo))
        }
        let settings = run.config.online
        var progress = OnlineProgress(
            settings: settings, samplesPerStep: settings.promptsPerStep,
            header: "ppo: \(settings.steps) steps × \(settings.promptsPerStep) prompts, \(run.config.ppo.epochs) epochs × \(run.config.ppo.minibatches) minibatches"
        ) { v in
            String(format: "  β %.3f  clip %.2f  EV %.2f", v["kl_coefficient"] ?? .nan, v["clip_fraction"] ?? .nan, v["value/explained_variance"] ?? .nan)
        }
        let alarm = OnlineAlarmWatch(settings: settings)
        try run.run(events: { progress.handle($0) }, stopEarly: alarm.check)
    }
}
