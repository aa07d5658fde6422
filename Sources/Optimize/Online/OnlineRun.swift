import Feedback
import Foundation
import Model
import Reward
import Tensor
import Train

/// What an online run reports while it goes; the command line renders it.
public enum OnlineEvent {
    case started(firstStep: Int, steps: Int, rewardMembers: Int, trainingPrompts: Int, heldOutPrompts: Int?)
    /// A finished step (or the final evaluation, `step == steps`) and the seconds it took.
    case step(OnlineMetricsRow, seconds: Double)
    case finished(OnlineSummary, run: URL)
}

/// The shared online loop of PPO, RLOO and GRPO, over a run directory (DESIGN.md §5). Step s samples a
/// rollout from the policy after s updates (θₛ), scores it, and hands it to the method's update; its
/// metrics row holds the rollout's figures, the method's losses and, when the cadence says so, the
/// held-out evaluation of θₛ (`eval/…`). A last row `step == steps` holds the evaluation of the final policy.
/// checkpoints/step-N holds θ_N (a model directory), and the newest also the method's state and the loop's
/// (unless `resumeStateInEveryCheckpoint`); a resumed run continues from the newest and ends with the same
/// weights and metrics as an uninterrupted one.
public struct OnlineRun<Config: OnlineMethodConfig> {
    public let config: Config
    public let resuming: Bool
    /// Scores samples instead of the reward models `rewards` names (a stand-in, or models already loaded).
    public var reward: (any RewardFunction)?
    public static var stateFile: String { "online_state.json" }
    /// A checkpoint's policy: the model directory `saveModel` writes.
    static var policyFiles: Set<String> { [ModelDirectory.configFile, ModelDirectory.weightsFile, ModelDirectory.tokenizerFile] }

    /// A new run; refuses an existing run directory.
    public init(config: Config, reward: (any RewardFunction)? = nil) {
        self.config = config
        self.reward = reward
        resuming = false
    }

    /// Continues the run at `directory` with the settings its config.json recorded.
    public init(resuming directory: URL, reward: (any RewardFunction)? = nil) throws {
        config = try RunDirectory.readConfig(Config.self, at: directory)
        self.reward = reward
        resuming = true
    }

    struct LoopState: Codable, Equatable {
        var nextStep: Int
        var lastEvaluatedKL: Double?
        enum CodingKeys: String, CodingKey {
            case nextStep = "next_step"
            case lastEvaluatedKL = "last_evaluated_kl"
        }
    }

    /// `stopEarly` sees each step's metrics row after it is written; a reason ends the run there (the
    /// policy after that step's update is evaluated, checkpointed as `final` and summarized).
    @discardableResult
    public func run(events: (OnlineEvent) throws -> Void = { _ in },
                    stopEarly: (OnlineMetricsRow) throws -> String? = { _ in nil }) throws -> OnlineSummary {
        let settings = config.online
        try settings.validate()
        try config.validate()
        let policyURL = URL(fileURLWithPath: settings.policy)
        let policy = try ModelDirectory.loadGPT(from: policyURL)
        let reference = try ModelDirectory.loadGPT(from: policyURL)
        let text = try PolicyText.load(policyDirectory: policyURL, template: settings.promptTemplate, model: policy)
        let world = try settings.world.map { try WorldFiles.load(directory: URL(fileURLWithPath: $0)) }
        let reward = try self.reward ?? RewardEnsemble(members: settings.rewards.flatMap { try RewardModels.members(URL(fileURLWithPath: $0)) })
        guard reward.memberCount >= 1 else {
            throw OnlineError.invalidSetting(name: "rewards", value: "\(settings.rewards)", expected: "at least one reward model directory")
        }
        let trainingPrompts = try PromptSet.load(file: settings.prompts, world: world, split: .train, text: text)
        let heldOut = settings.evalEvery > 0 ? try PromptSet.load(file: settings.evalPrompts, world: world, split: .eval, text: text) : nil
        let method = try config.makeMethod(policy: policy)
        guard method.samplesPerPrompt >= 1 else {
            throw OnlineError.invalidSetting(name: "samples_per_prompt", value: "\(method.samplesPerPrompt)", expected: "≥ 1")
        }

        let gold = world.map(GoldScorer.init(world:))
        func producer(seed: UInt64) throws -> RolloutProducer {
            try RolloutProducer(policy: policy, reference: reference, text: text, reward: reward, objective: settings.objective, gold: gold,
                                temperature: settings.temperature, maxNewTokens: settings.maxNewTokens, seed: seed, batchSize: settings.batchSize)
        }
        let training = try producer(seed: settings.seed &+ 0x0001_7A11)
        let evaluator = try heldOut.map {
            PolicyEvaluator(producer: try producer(seed: settings.seed &+ 0x0E7A_1000), prompts: $0, samples: settings.evalSamples,
                            orderSeed: settings.seed &+ 0x0E7A_0D3E, diversityPrompts: settings.diversityPrompts,
                            diversitySamplesPerPrompt: settings.diversitySamplesPerPrompt)
        }

        var state = LoopState(nextStep: 0, lastEvaluatedKL: nil)
        let (run, firstStep) = try TrainingLoop.open(at: URL(fileURLWithPath: settings.out), config: config, resuming: resuming) { folder in
            try ModelDirectory.loadWeights(into: policy, from: folder.appendingPathComponent(ModelDirectory.weightsFile))
            try method.loadState(from: folder)
            state = try Self.readState(from: folder)
            return state.nextStep
        }
        try events(.started(firstStep: firstStep, steps: settings.steps, rewardMembers: reward.memberCount,
                            trainingPrompts: trainingPrompts.count, heldOutPrompts: heldOut?.count))
        let tokenizerJSON = try text.tokenizer.tokenizerJSON()
        func saveModel(to folder: URL) throws {
            try ModelDirectory.save(policy, to: folder)
            try AtomicFile.write(tokenizerJSON, to: folder.appendingPathComponent(ModelDirectory.tokenizerFile))
        }
        func evaluate(into row: inout OnlineMetricsRow) throws {
            guard let evaluator else { return }
            // The reference policy's evaluation is step 0's (same prompts and streams): the win rate's baseline.
            let referenceURL = EvaluationSample.url(run: run.url, step: 0)
            // (None kept, e.g. a run started without evaluation: an empty reference leaves the win rate out.)
            let reference = row.step == 0 ? nil
                : FileManager.default.fileExists(atPath: referenceURL.path) ? try EvaluationSample.read(from: referenceURL) : []
            let evaluation = try evaluator.evaluate(reference: reference)
            row.values.merge(evaluation.metrics) { $1 }
            try EvaluationSample.write(evaluation.samples, to: EvaluationSample.url(run: run.url, step: row.step))
            state.lastEvaluatedKL = evaluation["kl"]?.mean
        }

        var stopped: OnlineSummary.StoppedEarly?
        for step in firstStep..<settings.steps {
            let start = Date()
            var row = OnlineMetricsRow(step: step)
            if settings.evaluates(atStep: step, lastEvaluatedKL: state.lastEvaluatedKL) { try evaluate(into: &row) }
            let indices = trainingPrompts.indices(step: step, count: settings.promptsPerStep, seed: settings.seed)
            let rows = indices.count * method.samplesPerPrompt
            let scored = try training.produce(prompts: trainingPrompts, indices: indices, samplesPerPrompt: method.samplesPerPrompt,
                                              streams: (0..<rows).map { RolloutProducer.trainingStream(step: step, row: $0) })
            for (name, values) in scored.sampleFigures { row.values[name] = FigureSummary(values).mean }
            let losses = try method.update(scored.rollout, step: step)
            for (name, value) in losses {
                guard value.isFinite || !name.hasPrefix("loss") else { throw OnlineError.nonFinite(step: step, quantity: name) }
                row.values[name] = value
            }
            try run.appendMetrics(row)
            try events(.step(row, seconds: Date().timeIntervalSince(start)))
            state.nextStep = step + 1
            if state.nextStep % settings.checkpointEvery == 0 || state.nextStep == settings.steps {
                try run.writeCheckpoint(named: RunDirectory.checkpointName(step: state.nextStep)) { folder in
                    try saveModel(to: folder)
                    try method.saveState(to: folder)
                    try AtomicFile.write(try JSONFormat.pretty(state), to: folder.appendingPathComponent(Self.stateFile))
                }
                if !settings.resumeStateInEveryCheckpoint { run.slimStepCheckpoints(keeping: Self.policyFiles) }
            }
            if state.nextStep < settings.steps, let reason = try stopEarly(row) {
                stopped = OnlineSummary.StoppedEarly(step: state.nextStep, reason: reason)
                break
            }
        }
        let lastStep = stopped?.step ?? settings.steps
        if settings.evaluates(atStep: settings.steps, lastEvaluatedKL: state.lastEvaluatedKL) {
            let start = Date()
            var row = OnlineMetricsRow(step: lastStep)
            try evaluate(into: &row)
            try run.appendMetrics(row)
            try events(.step(row, seconds: Date().timeIntervalSince(start)))
        }
        try run.writeCheckpoint(named: "final", saveModel)
        let finalURL = run.checkpointsURL.appendingPathComponent("final")
        let summary = OnlineSummary(method: config.method, objective: settings.objective.kind.rawValue, steps: settings.steps,
                                    rows: try OnlineMetricsRow.read(from: run.metricsURL), model: finalURL.path, stoppedEarly: stopped)
        try run.writeSummary(summary)
        try events(.finished(summary, run: run.url))
        return summary
    }

    static func readState(from folder: URL) throws -> LoopState {
        let url = folder.appendingPathComponent(stateFile)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw OnlineError.badCheckpoint(path: url.path, reason: "missing") }
        do { return try JSONDecoder().decode(LoopState.self, from: data) } catch {
            throw OnlineError.badCheckpoint(path: url.path, reason: "not an online loop state (\(error))")
        }
    }
}
