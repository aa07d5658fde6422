import Foundation
import Model
import Tensor
import Tokenizer

/// What an SFT run reports while it goes; the command line renders it.
public enum SFTEvent {
    case started(tokens: Int, heldOutTokens: Int, parameters: Int, firstStep: Int)
    case step(TrainingStepMetrics)
    /// With --world: the style mixture of the policy's samples next to the corpus's.
    case styles(StyleComparison)
    case finished(model: URL)
}

public struct SFTSummary: Codable, Equatable, Sendable {
    public var method = "sft"
    public var steps: Int
    public var finalLoss: Float
    public var finalHeldOutLoss: Float?
    /// Positions trained on (packed text; nil for JSONL, whose batches vary in length: see metrics.jsonl `tokens`).
    public var trainingTokens: Int?
    public var model: String
    public var styles: StyleComparison?

    enum CodingKeys: String, CodingKey {
        case method, steps, model, styles
        case finalLoss = "final_loss"
        case finalHeldOutLoss = "final_held_out_loss"
        case trainingTokens = "training_tokens"
    }
}

/// One SFT run over its run directory: new or resumed from the newest checkpoint. A resumed run ends
/// with the same parameters and metrics.jsonl as an uninterrupted one (same machine, same seed).
public struct SFTRun {
    public let config: SFTConfig
    public let resuming: Bool

    /// A new run; refuses an existing run directory.
    public init(config: SFTConfig) { self.config = config; resuming = false }

    /// Continues the run at `directory` with the settings recorded in its config.json.
    public init(resuming directory: URL) throws {
        config = try RunDirectory.readConfig(SFTConfig.self, at: directory)
        resuming = true
    }

    public func run(events: (SFTEvent) throws -> Void = { _ in }) throws {
        let runURL = URL(fileURLWithPath: config.out)
        let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: URL(fileURLWithPath: config.tokenizer))
        let model = try initialModel(tokenizer: tokenizer)
        guard config.sequenceLength <= model.config.contextLength else {
            throw TrainingError.sequenceTooLong(length: config.sequenceLength, contextLength: model.config.contextLength)
        }
        let data = try loadData(tokenizer: tokenizer, contextLength: model.config.contextLength)
        let trainer = LanguageModelTrainer(model: model, config: config)
        let (run, firstStep) = try TrainingLoop.open(at: runURL, config: config, resuming: resuming) { folder in
            let state = try TrainingCheckpoint.read(from: folder, model: model, optimizer: trainer.optimizer)
            trainer.restore(state)
            return state.nextStep
        }
        try events(.started(tokens: data.tokenCount, heldOutTokens: data.heldOutTokenCount, parameters: model.parameters.count, firstStep: firstStep))

        let tokenizerJSON = try tokenizer.tokenizerJSON()
        let loop = TrainingLoop(steps: config.steps, evalEvery: config.evalEvery, checkpointEvery: config.checkpointEvery,
                                keepCheckpoints: config.keepCheckpoints)
        let last = try loop.run(from: firstStep, in: run, step: { try trainer.step($0, data: data) },
                                evaluate: { $0.heldOutLoss = try trainer.heldOutLoss(data: data) },
                                report: { try events(.step($0)) },
                                checkpoint: { nextStep, folder in
            try TrainingCheckpoint.write(to: folder, model: model, optimizer: trainer.optimizer,
                                         state: trainer.state(nextStep: nextStep), tokenizerJSON: tokenizerJSON)
        })
        try run.writeCheckpoint(named: "final") { folder in
            try ModelDirectory.save(model, to: folder)
            try AtomicFile.write(tokenizerJSON, to: folder.appendingPathComponent("tokenizer.json"))
        }
        let finalURL = run.checkpointsURL.appendingPathComponent("final")
        var styles: StyleComparison?
        if let world = config.world {
            styles = try StyleReport.compare(worldDirectory: URL(fileURLWithPath: world), model: model, tokenizer: tokenizer,
                                             prompts: config.styleReportPrompts, seed: config.seed)
            try events(.styles(styles!))
        }
        if let last {
            try run.writeSummary(SFTSummary(steps: config.steps, finalLoss: last.loss, finalHeldOutLoss: last.heldOutLoss,
                                            trainingTokens: data is PackedTokens ? config.steps * config.batchSize * config.sequenceLength : nil,
                                            model: finalURL.path, styles: styles))
        }
        try events(.finished(model: finalURL))
    }

    /// `.jsonl` data is prompt/completion examples (loss on the completion); anything else is plain text, packed.
    private func loadData(tokenizer: ByteLevelBPETokenizer, contextLength: Int) throws -> any TrainingData {
        let url = URL(fileURLWithPath: config.data)
        if url.pathExtension == "jsonl" {
            return try SFTExamples(url: url, tokenizer: tokenizer, contextLength: contextLength, heldOutFraction: config.heldOutFraction,
                                   bucketing: config.lengthBucketing)
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        let ids = tokenizer.encode(text, allowedSpecial: ["<|endoftext|>"]).map(Int32.init)
        let separator = config.alignWindowsToDocuments ? tokenizer.specialTokenID("<|endoftext|>").map(Int32.init) : nil
        return try PackedTokens(tokens: ids, heldOutFraction: config.heldOutFraction, sequenceLength: config.sequenceLength,
                                documentSeparator: separator)
    }

    /// The model a new run starts from: a model directory (`initFrom`), or a fresh GPT-2 of the named or
    /// given architecture initialised from the seed. (A resumed run then loads its checkpoint over it.)
    private func initialModel(tokenizer: ByteLevelBPETokenizer) throws -> GPT {
        if let initFrom = config.initFrom {
            let model = try ModelDirectory.loadGPT(from: URL(fileURLWithPath: initFrom))
            guard model.config.vocabularySize >= tokenizer.vocabSize else {
                throw TrainingError.vocabularyTooSmall(config: initFrom, modelVocabulary: model.config.vocabularySize, tokenizerVocabulary: tokenizer.vocabSize)
            }
            return model
        }
        var architecture = try SFTConfig.namedArchitecture(config.modelConfig, vocabularySize: tokenizer.vocabSize)
            ?? ModelDirectory.loadConfig(from: URL(fileURLWithPath: config.modelConfig))
        guard architecture.vocabularySize >= tokenizer.vocabSize else {
            throw TrainingError.vocabularyTooSmall(config: config.modelConfig, modelVocabulary: architecture.vocabularySize, tokenizerVocabulary: tokenizer.vocabSize)
        }
        // Hugging Face reads end-of-text from config.json; its default (50256) is wrong for small vocabularies.
        architecture.eosTokenID = tokenizer.specialTokenID("<|endoftext|>")
        architecture.bosTokenID = architecture.eosTokenID
        let model = try GPT(config: architecture)
        var initializer = Xoshiro256StarStar(seed: config.seed)
        model.initializeWeights(generator: &initializer)
        return model
    }
}
