import ArgumentParser
import Foundation
import Reward
import Train

struct RewardTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a reward model (GPT backbone + scalar head) or an ensemble on preference data.",
        discussion: """
        The backbone starts from --init (an SFT policy's checkpoints/final, or any model directory with tokenizer.json); \
        the head score.weight reads the final hidden state of the input's last token (<|endoftext|>). Writes a run \
        directory: config.json ("method": "reward"), metrics.jsonl (loss, accuracy, reward_margin, loss/held_out, \
        accuracy/held_out), checkpoints/ (resumable), checkpoints/final (a GPT2ForSequenceClassification model \
        directory), summary.json. With --ensemble K, member-k/ are member runs and ensemble.json lists their models.
        """)

    private static let defaults = RewardTrainConfig()

    @Option(name: .customLong("init"), help: "Model directory the backbone starts from (with tokenizer.json).") var initialModel: String?
    @Option(help: "Preference JSONL: {\"prompt\",\"chosen\",\"rejected\"} pairs or {\"prompt\",\"completions\",\"ranking\"} rankings; unpaired lines are skipped.")
    var data: String?
    @Option(help: "World directory the data came from: its document format becomes the input template (recorded in config.json).")
    var world: String?
    @Option(help: "Input template with {prompt} and {completion}; <|endoftext|> is appended.") var template = defaults.template
    @Option(help: "bt: Bradley–Terry (rankings as all their pairs); margin: Bradley–Terry minus each pair's \"margin\" field; pl: Plackett–Luce on rankings.")
    var loss = defaults.loss
    @Option(help: "Coefficient c of the reward-centering term c·(r_c + r_r)² (0: off).") var centering = defaults.centering
    @Option(help: "Members of the ensemble (each with seed + k for head and data order).") var ensemble = defaults.ensemble
    @Flag(help: "Each ensemble member trains on a bootstrap resample of the training comparisons.") var bootstrap = false
    @Option(help: "Passes over the training comparisons.") var epochs = defaults.epochs
    @Option(name: .customLong("group-by-length"), help: "Batches of comparisons of similar length (false: plain shuffled order).")
    var groupByLength = defaults.groupByLength
    @Option(name: .customLong("batch-size"), help: "Comparisons per step.") var batchSize = defaults.batchSize
    @Option(name: .customLong("learning-rate"), help: "Peak learning rate (linear warmup, then cosine decay to a tenth).") var learningRate = defaults.learningRate
    @Option(name: .customLong("warmup-steps"), help: "Warmup steps.") var warmupSteps = defaults.warmupSteps
    @Option(name: .customLong("held-out"), help: "Share of the preference records held out: the file's last records, as `reward eval --split` reads them (the same for every member).") var heldOut = defaults.heldOutFraction
    @Option(name: .customLong("eval-every"), help: "Held-out loss and accuracy every K steps.") var evalEvery = defaults.evalEvery
    @Option(name: .customLong("checkpoint-every"), help: "A resumable checkpoint every K steps.") var checkpointEvery = defaults.checkpointEvery
    @Option(help: "Normalization reference: JSONL of {\"prompt\",\"completion\"} (e.g. SFT policy samples); default: the training completions.")
    var reference: String?
    @Option(help: "Seed of the run; member k uses seed + k for head initialisation and data order.") var seed = defaults.seed
    @Option(help: "Run directory of a new run.") var out = defaults.out
    @Option(help: "Continue the run in this directory from its newest checkpoints, with its recorded settings (other options are ignored).")
    var resume: String?

    func run() throws {
        let run: RewardTrainingRun
        if let resume {
            run = try RewardTrainingRun(resuming: URL(fileURLWithPath: resume))
        } else {
            guard let initialModel, let data else { throw ValidationError("give --init DIR and --data prefs.jsonl (or --resume RUN)") }
            var config = RewardTrainConfig()
            config.initialModel = initialModel
            config.data = data
            config.world = world
            config.template = try world.map { try RewardInputFormat(worldDirectory: URL(fileURLWithPath: $0)).template } ?? template
            config.loss = loss
            config.centering = centering
            config.ensemble = ensemble
            config.bootstrap = bootstrap
            config.epochs = epochs
            config.groupByLength = groupByLength
            config.batchSize = batchSize
            config.learningRate = learningRate
            config.minimumLearningRate = learningRate / 10
            config.warmupSteps = warmupSteps
            config.heldOutFraction = heldOut
            config.evalEvery = evalEvery
            config.checkpointEvery = checkpointEvery
            config.reference = reference
            config.seed = seed
            config.out = out
            run = RewardTrainingRun(config: config)
        }
        var progress = ProgressLine(total: 1, unit: "tok", plainEvery: run.config.evalEvery)
        var heldOutFigures = "–"
        try run.run { event in
            switch event {
            case let .memberStarted(member, members, training, heldOut, skipped, steps, firstStep):
                let name = members > 1 ? "reward member \(member + 1)/\(members)" : "reward"
                let resumed = firstStep > 0 ? ", resuming at step \(firstStep)" : ""
                let skippedNote = skipped > 0 ? ", \(skipped) unpaired records skipped" : ""
                print("\(name): \(training) training comparisons (\(heldOut) held out\(skippedNote)), loss \(run.config.loss.rawValue), \(steps) steps × \(run.config.batchSize)\(resumed)")
                progress = ProgressLine(total: steps, firstStep: firstStep, unit: "tok", plainEvery: run.config.evalEvery)
                heldOutFigures = "–"
            case let .step(_, metrics):
                if let loss = metrics.heldOutLoss, let accuracy = metrics.heldOutAccuracy {
                    heldOutFigures = String(format: "%.4f / %.1f%%", loss, 100 * accuracy)
                }
                progress.update(done: metrics.step + 1, units: Double(metrics.tokens),
                                detail: String(format: "loss %.4f  acc %.1f%%  held-out %@", metrics.loss, 100 * metrics.accuracy, heldOutFigures))
            case let .memberFinished(_, model, normalization):
                Log.ceiling.info("wrote \(model.path) (normalization on \(normalization.reference): mean \(normalization.mean), std \(normalization.std))")
            case let .finished(model):
                Log.ceiling.info("reward model: \(model.path)")
            }
        }
    }
}

extension RewardLossKind: ExpressibleByArgument {}

struct RewardScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score {\"prompt\",\"completion\"} lines with a reward model or ensemble.",
        discussion: """
        Prints one JSON object per input line: {"reward": r} for one model; for an ensemble also "members" (each \
        member's reward), "mean" and "std" (population, over members), with "reward" the mean. Rewards are normalized \
        with the statistics stored with each model (reward_config.json); --raw prints them unnormalized.
        """)

    @Option(help: "A reward model directory, an ensemble folder (ensemble.json) or a reward run directory.") var model: String
    @Option(help: "JSONL with {\"prompt\", \"completion\"} per line.") var input: String
    @Flag(help: "Print raw head outputs instead of normalized rewards.") var raw = false

    func run() throws {
        let models = try RewardModels.members(URL(fileURLWithPath: model))
        let lines = try ScoringInput.read(url: URL(fileURLWithPath: input))
        let columns = try models.map { member in
            raw ? try member.rawRewards(prompts: lines.prompts, completions: lines.completions)
                : try member.memberRewards(prompts: lines.prompts, completions: lines.completions).map { $0[0] }
        }
        let members = lines.prompts.indices.map { i in columns.map { $0[i] } }
        for rewards in members {
            let row: [String: Any]
            if rewards.count == 1 {
                row = ["reward": Double(rewards[0])]
            } else {
                let score = EnsembleScore(members: rewards)
                row = ["reward": Double(score.mean), "members": rewards.map(Double.init), "mean": Double(score.mean), "std": Double(score.std)]
            }
            let data = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
