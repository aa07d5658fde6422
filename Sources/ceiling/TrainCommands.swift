import ArgumentParser
import Foundation
import Model
import Tensor
import Tokenizer
import Train

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train models.", subcommands: [TrainSFTCommand.self])
}

struct TrainSFTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sft",
        abstract: "Pretrain or fine-tune a GPT on plain text (packed next-token windows).",
        discussion: "Writes a run directory: config.json (every setting, the seed included), metrics.jsonl (one object per step) and checkpoints/final (a model directory with tokenizer.json).")

    private static let defaults = SFTConfig()

    @Option(help: "Plain-text training data (UTF-8).") var data: String
    @Option(help: "tokenizer.json or .tiktoken file.") var tokenizer: String
    @Option(name: .customLong("model-config"), help: "tiny (2×64), world (4×128, context 64), small (4×256, context 256), or a config.json path.")
    var modelConfig = defaults.modelConfig
    @Option(help: "Optimizer steps.") var steps = defaults.steps
    @Option(name: .customLong("batch-size"), help: "Windows per step.") var batchSize = defaults.batchSize
    @Option(name: .customLong("sequence-length"), help: "Tokens per window (≤ the model's context).") var sequenceLength = defaults.sequenceLength
    @Option(name: .customLong("learning-rate"), help: "Peak learning rate (linear warmup, cosine decay).") var learningRate = defaults.learningRate
    @Option(name: .customLong("warmup-steps"), help: "Warmup steps.") var warmupSteps = defaults.warmupSteps
    @Option(name: .customLong("eval-every"), help: "Held-out loss every K steps.") var evalEvery = defaults.evalEvery
    @Option(help: "Seed of initialization and data order.") var seed = defaults.seed
    @Option(help: "Run directory.") var out = defaults.out

    func run() throws {
        var config = SFTConfig()
        config.data = data
        config.tokenizer = tokenizer
        config.modelConfig = modelConfig
        config.steps = steps
        config.batchSize = batchSize
        config.sequenceLength = sequenceLength
        config.learningRate = learningRate
        config.warmupSteps = warmupSteps
        config.evalEvery = evalEvery
        config.seed = seed
        config.out = out
        try SFTRun(config: config).run()
    }
}

/// Wiring of one SFT run: tokenize, build the model, loop, write the run directory.
struct SFTRun {
    let config: SFTConfig

    func run() throws {
        let runDirectory = URL(fileURLWithPath: config.out)
        let textTokenizer = try ByteLevelBPETokenizer.load(contentsOf: URL(fileURLWithPath: config.tokenizer))
        var modelConfig = try architecture(vocabularySize: textTokenizer.vocabSize)
        // Hugging Face reads end-of-text from config.json; its default (50256) is wrong for small vocabularies.
        modelConfig.eosTokenID = textTokenizer.specialTokenID("<|endoftext|>")
        modelConfig.bosTokenID = modelConfig.eosTokenID
        guard config.sequenceLength <= modelConfig.contextLength else {
            throw ValidationError("--sequence-length \(config.sequenceLength) exceeds the model's context \(modelConfig.contextLength)")
        }
        let text = try String(contentsOfFile: config.data, encoding: .utf8)
        let ids = textTokenizer.encode(text, allowedSpecial: ["<|endoftext|>"]).map(Int32.init)
        let data = try PackedTokens(tokens: ids, heldOutFraction: config.heldOutFraction, sequenceLength: config.sequenceLength)
        let model = try GPT(config: modelConfig)
        var generator = Xoshiro256StarStar(seed: config.seed)
        model.initializeWeights(generator: &generator)

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(config), to: runDirectory.appendingPathComponent("config.json"))
        let metricsURL = runDirectory.appendingPathComponent("metrics.jsonl")
        guard FileManager.default.createFile(atPath: metricsURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: metricsURL.path])
        }
        let metricsFile = try FileHandle(forWritingTo: metricsURL)
        defer { try? metricsFile.close() }

        print("sft: \(ids.count) tokens (\(data.heldOut.count) held out), model \(config.modelConfig) \(model.parameters.count) parameters, \(config.steps) steps × \(config.batchSize) × \(config.sequenceLength)")
        let trainer = LanguageModelTrainer(model: model, config: config)
        let lineEncoder = JSONEncoder()
        lineEncoder.outputFormatting = [.sortedKeys]
        let start = Date()
        for step in 0..<config.steps {
            var metrics = try trainer.step(step, data: data)
            let isLast = step == config.steps - 1
            if step % config.evalEvery == 0 || isLast {
                metrics.heldOutLoss = try trainer.heldOutLoss(data: data)
                let elapsed = Date().timeIntervalSince(start)
                let tokensPerSecond = Double((step + 1) * config.batchSize * config.sequenceLength) / elapsed
                let heldOut = metrics.heldOutLoss.map { String(format: "%.4f", $0) } ?? "–"
                print(String(format: "step %5d/%d  loss %.4f  held-out %@  lr %.2e  %.0f tok/s", step + 1, config.steps, metrics.loss, heldOut, metrics.learningRate, tokensPerSecond))
            }
            metricsFile.write(try lineEncoder.encode(metrics) + Data("\n".utf8))
        }
        let final = runDirectory.appendingPathComponent("checkpoints/final")
        try ModelDirectory.save(model, to: final)
        try textTokenizer.write(to: final.appendingPathComponent("tokenizer.json"))
        print("wrote \(final.path)")
    }

    private func architecture(vocabularySize: Int) throws -> GPTConfig {
        if let named = SFTConfig.namedArchitecture(config.modelConfig, vocabularySize: vocabularySize) { return named }
        let fromFile = try ModelDirectory.loadConfig(from: URL(fileURLWithPath: config.modelConfig))
        guard fromFile.vocabularySize >= vocabularySize else {
            throw ValidationError("\(config.modelConfig): vocab_size \(fromFile.vocabularySize) is smaller than the tokenizer's \(vocabularySize)")
        }
        return fromFile
    }
}
