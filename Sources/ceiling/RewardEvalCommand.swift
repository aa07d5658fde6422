import ArgumentParser
import Feedback
import Foundation
import Reward

/// `ceiling reward eval`: the reward-model evaluation suite (issue 7, item 5). Parsing and wiring
/// only; the analyses live in Sources/Reward/Evaluation.
struct RewardEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a reward model or ensemble: accuracy, gold agreement, calibration, biases, robustness.",
        discussion: """
        Scores every pair of the preference file (pairs; k-wise rankings as adjacent pairs; unpaired \
        records are skipped) and reports label accuracy overall and by family, calibration (ECE of \
        σ(r_c − r_r) with reliability bins) and, for ensembles, whether member disagreement predicts \
        error. With --world it adds agreement with gold preferences, length bias at matched gold, \
        refusal bias on benign alarming prompts, and adversarial responses, built from the world's \
        generator with --seed; invariance under meaning-preserving edits is always measured. \
        Writes eval.json (sorted keys; sections that cannot be computed are listed under \
        "not_computed" with the reason) and prints a short summary. See docs/reward-eval.md.
        """
    )

    @Option(help: "The reward model directory (or ensemble directory) written by `ceiling reward train`.")
    var model: String

    @Option(help: "Preference JSONL to evaluate on (docs/preference-data.md).")
    var data: String

    @Option(help: "World directory (`ceiling world generate`): enables gold agreement and the controlled probes. Every prompt of --data must be a prompt of this world.")
    var world: String?

    @Option(help: "Where to write the report (JSON).")
    var out: String

    @Option(help: "Pairs to evaluate: \"all\", or a fraction in (0, 1] meaning the last fraction of the file's pairs (held out from training).")
    var split = "all"

    @Option(help: "Seed of the controlled responses of the probes (recorded in eval.json).")
    var seed: UInt64 = 1

    @Option(help: "Most prompts per controlled probe, and most responses edited for the invariance figures.")
    var probeLimit = 200

    func validate() throws {
        guard probeLimit > 0 else { throw ValidationError("--probe-limit must be positive") }
    }

    func run() throws {
        do {
            let split = try EvaluationSplit(argument: self.split)
            let world = try self.world.map { try WorldFiles.load(directory: URL(fileURLWithPath: $0)) }
            let evaluationData = try EvaluationData.load(url: URL(fileURLWithPath: data), world: world, split: split)
            let reward = try loadRewardFunction(at: URL(fileURLWithPath: model))
            var options = RewardEvaluator.Options()
            options.seed = seed
            options.probeLimit = probeLimit
            let report = try RewardEvaluator(reward: reward, world: world, options: options)
                .evaluate(evaluationData, inputs: .init(model: model, data: data, world: self.world, split: split.description))
            try report.write(to: URL(fileURLWithPath: out))
            print(report.summary)
            Log.ceiling.info("wrote \(out)")
        } catch let error as CustomStringConvertible where error is Error {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// A reward model directory, an ensemble folder or a reward training run.
func loadRewardFunction(at url: URL) throws -> any RewardFunction {
    try RewardModels.load(url)
}
