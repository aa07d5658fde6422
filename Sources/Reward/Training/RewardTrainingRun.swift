import Foundation
import Model
import Tensor
import Train

/// What a reward run reports while it goes; the command line renders it.
public enum RewardEvent {
    case memberStarted(member: Int, members: Int, training: Int, heldOut: Int, skippedUnpaired: Int, steps: Int, firstStep: Int)
    case step(member: Int, RewardStepMetrics)
    case memberFinished(member: Int, model: URL, normalization: RewardNormalization)
    case finished(model: URL)
}

public struct RewardMemberSummary: Codable, Equatable, Sendable {
    public var member: Int
    public var seed: UInt64
    public var steps: Int
    public var finalLoss: Float
    public var finalAccuracy: Float
    public var heldOutLoss: Float?
    public var heldOutAccuracy: Float?
    public var trainingComparisons: Int
    public var heldOutComparisons: Int
    public var skippedUnpaired: Int
    public var normalization: RewardNormalization
    public var model: String

    enum CodingKeys: String, CodingKey {
        case member, seed, steps, normalization, model
        case finalLoss = "final_loss"
        case finalAccuracy = "final_accuracy"
        case heldOutLoss = "loss/held_out"
        case heldOutAccuracy = "accuracy/held_out"
        case trainingComparisons = "training_comparisons"
        case heldOutComparisons = "held_out_comparisons"
        case skippedUnpaired = "skipped_unpaired"
    }
}

public struct RewardSummary: Codable, Equatable, Sendable {
    public var method = "reward"
    /// What `reward score --model` takes: the model directory, or the ensemble's folder (ensemble.json).
    public var model: String
    public var members: [RewardMemberSummary]
}

/// A reward run over its run directory, new or resumed. One model: the run directory holds it
/// (checkpoints/final). An ensemble of K: member-k/ are member runs (each with config.json,
/// metrics.jsonl, checkpoints/), and ensemble.json lists their final models.
public struct RewardTrainingRun {
    public let config: RewardTrainConfig
    public let resuming: Bool

    public init(config: RewardTrainConfig) { self.config = config; resuming = false }

    public init(resuming directory: URL) throws {
        config = try RunDirectory.readConfig(RewardTrainConfig.self, at: directory)
        resuming = true
    }

    @discardableResult
    public func run(events: (RewardEvent) throws -> Void = { _ in }) throws -> RewardSummary {
        try config.validate()
        let runURL = URL(fileURLWithPath: config.out)
        if config.ensemble == 1 {
            let member = try trainMember(config, resuming: resuming, events: events)
            let summary = RewardSummary(model: member.model, members: [member])
            try events(.finished(model: URL(fileURLWithPath: member.model)))
            return summary
        }
        let top: RunDirectory
        if resuming {
            top = try RunDirectory.resume(at: runURL, fromStep: 0)
        } else {
            top = try RunDirectory.create(at: runURL, config: config)
        }
        var members: [RewardMemberSummary] = []
        for k in 0..<config.ensemble {
            let folder = runURL.appendingPathComponent("member-\(k)")
            let memberConfig = config.member(k, folder: folder)
            let summaryURL = folder.appendingPathComponent("summary.json")
            if let data = FileManager.default.contents(atPath: summaryURL.path),
               let finished = try? JSONDecoder().decode(RewardSummary.self, from: data), let only = finished.members.first {
                members.append(only)
                continue
            }
            let started = FileManager.default.fileExists(atPath: folder.appendingPathComponent("config.json").path)
            let hasCheckpoint = !RunDirectory.stepCheckpoints(at: folder).isEmpty
            // A member killed before its first checkpoint has nothing to resume: it starts over.
            if started && !hasCheckpoint { try FileManager.default.removeItem(at: folder) }
            members.append(try trainMember(memberConfig, resuming: started && hasCheckpoint, events: events))
        }
        let manifest = EnsembleManifest(members: (0..<config.ensemble).map { "member-\($0)/checkpoints/final" },
                                        seeds: members.map(\.seed), bootstrap: config.bootstrap)
        try AtomicFile.write(try JSONFormat.pretty(manifest), to: runURL.appendingPathComponent(EnsembleManifest.fileName))
        let summary = RewardSummary(model: runURL.path, members: members)
        try top.writeSummary(summary)
        try events(.finished(model: runURL))
        return summary
    }

    private func trainMember(_ config: RewardTrainConfig, resuming: Bool, events: (RewardEvent) throws -> Void) throws -> RewardMemberSummary {
        let runURL = URL(fileURLWithPath: config.out)
        let data = try RewardComparisons.load(url: URL(fileURLWithPath: config.data), loss: config.loss,
                                              heldOutFraction: config.heldOutFraction)
        guard !data.training.isEmpty else { throw RewardError.noComparisons(path: config.data, reason: "all were held out") }
        let model = try RewardModel.initialize(from: URL(fileURLWithPath: config.initialModel), format: config.format, seed: config.memberSeed)
        let trainer = RewardTrainer(model: model, config: config, data: data)
        let (run, firstStep) = try TrainingLoop.open(at: runURL, config: config, resuming: resuming) { folder in
            try RewardCheckpoint.read(from: folder, trainer: trainer)
        }
        let steps = trainer.order.steps
        try events(.memberStarted(member: config.member, members: self.config.ensemble, training: data.training.count,
                                  heldOut: data.heldOut.count, skippedUnpaired: data.skippedUnpaired, steps: steps, firstStep: firstStep))
        let loop = TrainingLoop(steps: steps, evalEvery: config.evalEvery, checkpointEvery: config.checkpointEvery,
                                keepCheckpoints: config.keepCheckpoints)
        try loop.run(from: firstStep, in: run, step: { try trainer.step($0) },
                     evaluate: { row in
                         if let figures = try trainer.heldOutFigures() { (row.heldOutLoss, row.heldOutAccuracy) = figures }
                     },
                     report: { try events(.step(member: config.member, $0)) },
                     checkpoint: { nextStep, folder in try RewardCheckpoint.write(to: folder, trainer: trainer, nextStep: nextStep) })
        // The last row (with held-out figures) is re-read, so a resumed run that had nothing left still summarizes.
        let last = try lastMetrics(run)
        model.settings.normalization = try normalization(model: model, data: data, config: config)
        try run.writeCheckpoint(named: "final") { folder in try model.save(to: folder) }
        let finalURL = run.checkpointsURL.appendingPathComponent("final")
        let summary = RewardMemberSummary(member: config.member, seed: config.memberSeed, steps: steps, finalLoss: last?.loss ?? .nan,
                                          finalAccuracy: last?.accuracy ?? .nan, heldOutLoss: last?.heldOutLoss,
                                          heldOutAccuracy: last?.heldOutAccuracy, trainingComparisons: data.training.count,
                                          heldOutComparisons: data.heldOut.count, skippedUnpaired: data.skippedUnpaired,
                                          normalization: model.settings.normalization, model: finalURL.path)
        try run.writeSummary(RewardSummary(model: finalURL.path, members: [summary]))
        try events(.memberFinished(member: config.member, model: finalURL, normalization: model.settings.normalization))
        return summary
    }

    private func lastMetrics(_ run: RunDirectory) throws -> RewardStepMetrics? {
        guard let data = FileManager.default.contents(atPath: run.metricsURL.path),
              let line = data.split(separator: UInt8(ascii: "\n")).last else { return nil }
        return try? JSONDecoder().decode(RewardStepMetrics.self, from: Data(line))
    }

    /// Mean and std of the raw reward over the reference file, or over (a seeded subset of) the
    /// distinct completions of the training comparisons.
    private func normalization(model: RewardModel, data: RewardComparisons, config: RewardTrainConfig) throws -> RewardNormalization {
        var prompts: [String?], completions: [String], reference: String
        if let path = config.reference {
            let input = try ScoringInput.read(url: URL(fileURLWithPath: path))
            (prompts, completions, reference) = (input.prompts, input.completions, path)
        } else {
            var seen = Set<[String]>()
            var pairs: [(String?, String)] = []
            for comparison in data.training { for completion in comparison.completions where seen.insert([comparison.prompt ?? "", completion]).inserted {
                pairs.append((comparison.prompt, completion))
            } }
            (prompts, completions, reference) = (pairs.map(\.0), pairs.map(\.1), "training completions")
        }
        if completions.count > config.normalizationSamples {
            var generator = Xoshiro256StarStar(seed: (config.normalizationSeed ?? config.seed) &+ 0x2041)
            let chosen = RewardComparisons.shuffled(Array(completions.indices), generator: &generator).prefix(config.normalizationSamples).sorted()
            (prompts, completions) = (chosen.map { prompts[$0] }, chosen.map { completions[$0] })
        }
        guard !completions.isEmpty else { throw RewardError.invalidSetting(name: "reference", reason: "no reference samples") }
        return RewardNormalization(measuring: try model.rawRewards(prompts: prompts, completions: completions), reference: reference)
    }
}
