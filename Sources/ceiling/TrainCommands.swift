import ArgumentParser
import Foundation
import Train

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train models.", subcommands: [TrainSFTCommand.self])
}

struct TrainSFTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sft",
        abstract: "Pretrain or fine-tune a GPT on plain text (packed next-token windows).",
        discussion: """
        Writes a run directory: config.json (every setting, the seed included), metrics.jsonl (one object per step), \
        checkpoints/step-N (resumable: model, optimizer, RNG and data state) and checkpoints/final (a model directory \
        with tokenizer.json), summary.json. A killed run continues with --resume RUN and ends as an uninterrupted one would.
        """)

    private static let defaults = SFTConfig()

    @Option(help: "Training data: plain text (<|endoftext|> separates documents; packed windows) or .jsonl with {\"prompt\", \"completion\"} per line (loss on the completion only).") var data: String?
    @Option(help: "tokenizer.json or .tiktoken file.") var tokenizer: String?
    @Option(help: "A world directory (ceiling world generate): shortcut for --data WORLD/corpus.txt --tokenizer WORLD/tokenizer.json.")
    var world: String?
    @Option(name: .customLong("init"), help: "Start from this model directory (fine-tuning); its tokenizer.json is the default --tokenizer.")
    var initFrom: String?
    @Option(name: .customLong("model-config"), help: "tiny (2×64, context 64), world (4×128, context 64), small (4×256, context 256), or a config.json path.")
    var modelConfig = defaults.modelConfig
    @Option(help: "Optimizer steps.") var steps = defaults.steps
    @Option(name: .customLong("batch-size"), help: "Windows per step.") var batchSize = defaults.batchSize
    @Option(name: .customLong("sequence-length"), help: "Tokens per window (at most the model's context).") var sequenceLength = defaults.sequenceLength
    @Option(name: .customLong("learning-rate"), help: "Peak learning rate (linear warmup, then cosine decay to a tenth).") var learningRate = defaults.learningRate
    @Option(name: .customLong("warmup-steps"), help: "Warmup steps.") var warmupSteps = defaults.warmupSteps
    @Option(name: .customLong("eval-every"), help: "Held-out loss every K steps.") var evalEvery = defaults.evalEvery
    @Option(name: .customLong("checkpoint-every"), help: "A resumable checkpoint every K steps.") var checkpointEvery = defaults.checkpointEvery
    @Option(name: .customLong("length-bucketing"), help: "JSONL data: draw each batch from one length bucket (false: from all examples).")
    var lengthBucketing = defaults.lengthBucketing
    @Option(help: "Seed of initialization and data order.") var seed = defaults.seed
    @Option(help: "Run directory of a new run.") var out = defaults.out
    @Option(help: "Continue the run in this directory from its newest checkpoint, with its recorded settings (other options are ignored).")
    var resume: String?

    func run() throws {
        let run: SFTRun
        if let resume {
            run = try SFTRun(resuming: URL(fileURLWithPath: resume))
        } else {
            let worldURL = world.map { URL(fileURLWithPath: $0) }
            guard let data = data ?? worldURL?.appendingPathComponent("corpus.txt").path,
                  let tokenizer = tokenizer ?? worldURL?.appendingPathComponent("tokenizer.json").path
                    ?? initFrom.map({ URL(fileURLWithPath: $0).appendingPathComponent("tokenizer.json").path })
            else { throw ValidationError("give --world DIR, or --data and --tokenizer (or --resume RUN)") }
            var config = SFTConfig()
            config.data = data
            config.tokenizer = tokenizer
            config.world = world
            config.initFrom = initFrom
            config.modelConfig = modelConfig
            config.steps = steps
            config.batchSize = batchSize
            config.sequenceLength = sequenceLength
            config.learningRate = learningRate
            config.minimumLearningRate = learningRate / 10
            config.warmupSteps = warmupSteps
            config.evalEvery = evalEvery
            config.checkpointEvery = checkpointEvery
            config.lengthBucketing = lengthBucketing
            config.seed = seed
            config.out = out
            run = SFTRun(config: config)
        }
        let config = run.config
        var progress = ProgressLine(total: config.steps, unit: "tok", plainEvery: config.evalEvery)
        var heldOut = "–"
        try run.run { event in
            switch event {
            case let .started(tokens, heldOutTokens, parameters, firstStep):
                let resumed = firstStep > 0 ? ", resuming at step \(firstStep)" : ""
                print("sft: \(tokens) tokens (\(heldOutTokens) held out), model \(config.modelConfig) with \(parameters) parameters, \(config.steps) steps × \(config.batchSize) × \(config.sequenceLength)\(resumed)")
                progress = ProgressLine(total: config.steps, firstStep: firstStep, unit: "tok", plainEvery: config.evalEvery)
            case let .step(metrics):
                if let value = metrics.heldOutLoss { heldOut = String(format: "%.4f", value) }
                progress.update(done: metrics.step + 1, units: Double(metrics.tokens),
                                detail: String(format: "loss %.4f  held-out %@", metrics.loss, heldOut))
            case let .styles(comparison):
                print(StyleTable.render(comparison))
            case let .finished(model):
                Log.ceiling.info("wrote \(model.path)")
            }
        }
    }
}
