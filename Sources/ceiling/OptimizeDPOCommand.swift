import ArgumentParser
import Foundation
import Optimize
import Train

/// `ceiling optimize dpo` and `ceiling optimize ipo`: the same options, a different default loss.
struct OptimizeDPOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dpo",
        abstract: "Direct preference optimization of a policy on preference JSONL (loss −log σ(β·h)).",
        discussion: DPOOptions.discussion)

    @OptionGroup var options: DPOOptions

    func run() throws { try options.run(loss: .sigmoid) }
}

struct OptimizeIPOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipo",
        abstract: "Identity preference optimization of a policy on preference JSONL (loss (h − 1/(2β))²).",
        discussion: DPOOptions.discussion)

    @OptionGroup var options: DPOOptions

    func run() throws { try options.run(loss: .ipo) }
}

struct DPOOptions: ParsableArguments {
    static let discussion = """
        h = (log π(y_c) − log π_ref(y_c)) − (log π(y_r) − log π_ref(y_r)), with π_ref the initial policy, whose \
        log-probabilities are computed once and cached in RUN/reference_logps.json. Each prompt is formatted as the \
        policy reads it ("Q: {prompt}\\nA:") and each response as the completion that continues it (" {response}" + \
        <|endoftext|>). Rankings contribute every ordered pair; unpaired records are skipped. Writes a run directory: \
        config.json ("method": "dpo" or "ipo"), metrics.jsonl (loss, rewards/chosen, rewards/rejected, \
        rewards/accuracies, rewards/margins, logps/chosen, logps/rejected, grad_norm, learning_rate and the same with \
        /held_out every --eval-every steps), checkpoints/ (resumable; checkpoints/final is the policy's model \
        directory), summary.json. A killed run continues with --resume RUN and ends as an uninterrupted one would.
        """
    private static let defaults = DPOConfig()

    @Option(help: "Model directory of the initial policy (with tokenizer.json); it is also the frozen reference.") var policy: String?
    @Option(help: "Preference JSONL: {\"prompt\",\"chosen\",\"rejected\"} pairs or {\"prompt\",\"completions\",\"ranking\"} rankings.")
    var data: String?
    @Option(help: "World directory: its format (world.json) gives the prompt and completion templates (recorded in config.json).")
    var world: String?
    @Option(name: .customLong("prompt-template"), help: "What the policy reads, with {prompt}; the two characters \\n become a newline (without --world).")
    var promptTemplate = defaults.promptTemplate.replacingOccurrences(of: "\n", with: "\\n")
    @Option(name: .customLong("completion-template"), help: "The completion, with {response}; <|endoftext|> is appended (without --world).")
    var completionTemplate = defaults.completionTemplate
    @Option(help: "β: the strength of the implicit KL constraint (TRL's default 0.1).") var beta = defaults.beta
    @Flag(name: .customLong("length-normalized"), help: "Divide each sequence log-probability (policy and reference) by its token count.")
    var lengthNormalized = false
    @Option(help: "Passes over the training pairs.") var epochs = defaults.epochs
    @Option(name: .customLong("batch-size"), help: "Preference pairs per step.") var batchSize = defaults.batchSize
    @Option(name: .customLong("learning-rate"), help: "Peak learning rate (linear warmup, then cosine decay to a tenth).")
    var learningRate = defaults.learningRate
    @Option(name: .customLong("warmup-steps"), help: "Warmup steps.") var warmupSteps = defaults.warmupSteps
    @Option(name: .customLong("weight-decay"), help: "AdamW weight decay of matrices.") var weightDecay = defaults.weightDecay
    @Option(name: .customLong("gradient-clip"), help: "Global gradient-norm clip (0: off).") var gradientClip = defaults.gradientClip
    @Option(name: .customLong("held-out"), help: "Share of the preference records held out: the file's last records, as `reward train --held-out` holds them out.")
    var heldOut = defaults.heldOutFraction
    @Option(help: "Prompt + completion longer than the policy's context: error (names the line), truncate (keep the completion's first tokens) or skip (drop the record).")
    var overlong = defaults.overlong
    @Option(name: .customLong("eval-every"), help: "Held-out loss and implicit-reward figures every K steps.") var evalEvery = defaults.evalEvery
    @Option(name: .customLong("checkpoint-every"), help: "A resumable checkpoint every K steps.") var checkpointEvery = defaults.checkpointEvery
    @Option(help: "Seed of the data order.") var seed = defaults.seed
    @Option(help: "Run directory of a new run.") var out = defaults.out
    @Option(help: "Continue the run in this directory from its newest checkpoint, with its recorded settings (other options are ignored).")
    var resume: String?

    func validate() throws {
        guard resume != nil || (policy != nil && data != nil) else {
            throw ValidationError("give --policy DIR and --data prefs.jsonl (or --resume RUN)")
        }
    }

    func config(loss: DPOLossKind) throws -> DPOConfig {
        guard let policy, let data else { throw ValidationError("give --policy DIR and --data prefs.jsonl (or --resume RUN)") }
        var config = DPOConfig(method: loss)
        config.policy = policy
        config.data = data
        config.world = world
        if let world {
            let format = try PolicyTextFormat(worldDirectory: URL(fileURLWithPath: world))
            (config.promptTemplate, config.completionTemplate) = (format.promptTemplate, format.completionTemplate)
        } else {
            (config.promptTemplate, config.completionTemplate) = (promptTemplate.replacingOccurrences(of: "\\n", with: "\n"), completionTemplate)
        }
        config.beta = beta
        config.lengthNormalized = lengthNormalized
        config.epochs = epochs
        config.batchSize = batchSize
        config.learningRate = learningRate
        config.minimumLearningRate = learningRate / 10
        config.warmupSteps = warmupSteps
        config.weightDecay = weightDecay
        config.gradientClip = gradientClip
        config.heldOutFraction = heldOut
        config.overlong = overlong
        config.evalEvery = evalEvery
        config.checkpointEvery = checkpointEvery
        config.seed = seed
        config.out = out
        return config
    }

    func run(loss: DPOLossKind) throws {
        let run = try resume.map { try DPORun(resuming: URL(fileURLWithPath: $0)) } ?? DPORun(config: config(loss: loss))
        var progress = ProgressLine(total: 1, unit: "tok", plainEvery: run.config.evalEvery)
        var heldOutFigures = "–"
        try run.run { event in
            switch event {
            case let .reference(computed, seconds):
                Log.ceiling.info("\(computed ? String(format: "reference log-probabilities computed in %.1f s", seconds) : "reference log-probabilities read from the run's cache")")
            case let .started(data, steps, firstStep):
                let resumed = firstStep > 0 ? ", resuming at step \(firstStep)" : ""
                var notes: [String] = []
                if data.skippedUnpaired > 0 { notes.append("\(data.skippedUnpaired) unpaired records skipped") }
                if data.skippedOverlong > 0 { notes.append("\(data.skippedOverlong) overlong records skipped") }
                if data.truncatedCompletions > 0 { notes.append("\(data.truncatedCompletions) completions truncated to the context") }
                let note = notes.isEmpty ? "" : ", " + notes.joined(separator: ", ")
                let variant = run.config.lengthNormalized ? " (length-normalized)" : ""
                print("\(run.config.method)\(variant): \(data.training.count) training pairs (\(data.heldOut.count) held out\(note)), β \(run.config.beta), \(steps) steps × \(run.config.batchSize)\(resumed)")
                progress = ProgressLine(total: steps, firstStep: firstStep, unit: "tok", plainEvery: run.config.evalEvery)
            case let .step(metrics):
                if let figures = metrics.heldOut {
                    heldOutFigures = String(format: "loss %.4f acc %.1f%% margin %.3f", figures.loss, 100 * figures.accuracy, figures.margin)
                }
                progress.update(done: metrics.step + 1, units: Double(metrics.tokens),
                                detail: String(format: "loss %.4f  acc %.1f%%  margin %.3f  held-out %@", metrics.loss,
                                               100 * metrics.accuracy, metrics.margin, heldOutFigures))
            case let .finished(model):
                Log.ceiling.info("policy: \(model.path)")
            }
        }
    }
}

extension OverlongPolicy: ExpressibleByArgument {}
