import Foundation
import Model
import Tensor
import Tokenizer
import Train

/// What a DPO run reports while it goes; the command line renders it.
public enum DPOEvent {
    case started(data: DPOPreferenceData, steps: Int, firstStep: Int)
    /// Reference log-probabilities: computed (with the seconds it took) or read from the run's cache.
    case reference(computed: Bool, seconds: Double)
    case step(DPOStepMetrics)
    case finished(model: URL)
}

public struct DPOSummary: Codable, Equatable, Sendable {
    public var method: String
    public var steps: Int
    public var trainingPairs: Int
    public var heldOutPairs: Int
    public var skippedUnpaired: Int
    public var skippedOverlong: Int
    public var truncatedCompletions: Int
    /// The last step's metrics row (with the held-out figures of the last step).
    public var final: DPOStepMetrics?
    public var model: String

    enum CodingKeys: String, CodingKey {
        case method, steps, final, model
        case trainingPairs = "training_pairs"
        case heldOutPairs = "held_out_pairs"
        case skippedUnpaired = "skipped_unpaired"
        case skippedOverlong = "skipped_overlong"
        case truncatedCompletions = "truncated_completions"
    }
}

/// One DPO/IPO run over its run directory, new or resumed from the newest checkpoint. A resumed
/// run ends with the same weights and metrics.jsonl as an uninterrupted one (same machine).
public struct DPORun {
    public let config: DPOConfig
    public let resuming: Bool

    public init(config: DPOConfig) { self.config = config; resuming = false }

    public init(resuming directory: URL) throws {
        config = try RunDirectory.readConfig(DPOConfig.self, at: directory)
        resuming = true
    }

    @discardableResult
    public func run(events: (DPOEvent) throws -> Void = { _ in }) throws -> DPOSummary {
        try config.validate()
        let runURL = URL(fileURLWithPath: config.out)
        // Refused before the reference pass rather than after it.
        if !resuming, FileManager.default.fileExists(atPath: runURL.appendingPathComponent("config.json").path) {
            throw RunDirectoryError.alreadyExists(path: runURL.path)
        }
        let policyURL = URL(fileURLWithPath: config.policy)
        let model = try ModelDirectory.loadGPT(from: policyURL)
        let tokenizer = try Self.tokenizer(of: policyURL)
        guard let endOfText = tokenizer.specialTokenID("<|endoftext|>") else {
            throw DPOError.missingTokenizer(path: policyURL.path, reason: "tokenizer.json has no <|endoftext|>")
        }
        let format = PolicyTextFormat(promptTemplate: config.promptTemplate, completionTemplate: config.completionTemplate)
        let data = try DPOPreferenceData.load(url: URL(fileURLWithPath: config.data), tokenizer: tokenizer, format: format,
                                              contextLength: model.config.contextLength, heldOutFraction: config.heldOutFraction,
                                              overlong: config.overlong)
        // The reference is the initial policy: computed before a resumed run's checkpoint overwrites the weights.
        let padding = Int32(endOfText)
        var reference = resuming ? try ReferenceLogProbs.read(fromRun: runURL, matching: data) : nil
        let computed = reference == nil
        let start = Date()
        if reference == nil {
            reference = try ReferenceLogProbs.compute(model: model, data: data, padding: padding, batchSize: 2 * config.batchSize)
        }
        let trainer = DPOTrainer(model: model, config: config, data: data, reference: reference!, padding: padding)
        let (run, firstStep) = try TrainingLoop.open(at: runURL, config: config, resuming: resuming) { folder in
            let state = try TrainingCheckpoint.read(from: folder, model: model, optimizer: trainer.optimizer)
            return state.nextStep
        }
        if computed { try trainer.reference.write(toRun: runURL) }
        try events(.reference(computed: computed, seconds: Date().timeIntervalSince(start)))
        let steps = trainer.order.steps
        try events(.started(data: data, steps: steps, firstStep: firstStep))

        let tokenizerJSON = try tokenizer.tokenizerJSON()
        let loop = TrainingLoop(steps: steps, evalEvery: config.evalEvery, checkpointEvery: config.checkpointEvery,
                                keepCheckpoints: config.keepCheckpoints)
        try loop.run(from: firstStep, in: run, step: { try trainer.step($0) },
                     evaluate: { $0.heldOut = try trainer.heldOutFigures() },
                     report: { try events(.step($0)) },
                     checkpoint: { nextStep, folder in
            try TrainingCheckpoint.write(to: folder, model: model, optimizer: trainer.optimizer, state: trainer.state(nextStep: nextStep),
                                         tokenizerJSON: tokenizerJSON)
        })
        try run.writeCheckpoint(named: "final") { folder in
            try ModelDirectory.save(model, to: folder)
            try AtomicFile.write(tokenizerJSON, to: folder.appendingPathComponent(ModelDirectory.tokenizerFile))
        }
        let finalURL = run.checkpointsURL.appendingPathComponent("final")
        // The last row is re-read, so a resumed run that had nothing left to do still summarizes.
        let summary = DPOSummary(method: config.method, steps: steps, trainingPairs: data.training.count, heldOutPairs: data.heldOut.count,
                                 skippedUnpaired: data.skippedUnpaired, skippedOverlong: data.skippedOverlong,
                                 truncatedCompletions: data.truncatedCompletions, final: Self.lastMetrics(run), model: finalURL.path)
        try run.writeSummary(summary)
        try events(.finished(model: finalURL))
        return summary
    }

    static func tokenizer(of policy: URL) throws -> ByteLevelBPETokenizer {
        let url = policy.appendingPathComponent(ModelDirectory.tokenizerFile)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DPOError.missingTokenizer(path: policy.path, reason: "no tokenizer.json in the policy directory")
        }
        return try ByteLevelBPETokenizer.load(contentsOf: url)
    }

    static func lastMetrics(_ run: RunDirectory) -> DPOStepMetrics? {
        guard let data = FileManager.default.contents(atPath: run.metricsURL.path),
              let line = data.split(separator: UInt8(ascii: "\n")).last else { return nil }
        return try? JSONDecoder().decode(DPOStepMetrics.self, from: Data(line))
    }
}
