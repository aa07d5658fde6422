import Feedback
import Foundation
import Model
import Optimize
import Reward
import Tensor
import Train

/// One demo seed, stage by stage, over the library's runs (no training code here): world → base
/// policies (SFT seeds 0…K−1) → `biased` preferences → one reward model per base → reward eval of the
/// single model and of the ensemble → best-of-n and the online method against the single model and
/// the UWO ensemble. A stage whose output is already complete is skipped, so an interrupted demo
/// continues where it stopped.
struct DemoPipeline {
    let size: DemoSize
    let seed: UInt64
    let folder: URL
    /// Progress lines (stderr).
    let progress: (String) -> Void

    /// Seconds per stage, in order (a reference, so that stages can run from non-mutating methods).
    /// `reused`: stages whose output an earlier invocation had already completed (their seconds are
    /// only the time to read it back, so the time target is not judged on them).
    final class Clock {
        var stages: [(stage: String, seconds: Double)] = []
        var reused = 0
    }
    let clock = Clock()

    var worldURL: URL { folder.appendingPathComponent("world") }
    var preferencesURL: URL { folder.appendingPathComponent("prefs.jsonl") }
    func baseURL(_ k: Int) -> URL { folder.appendingPathComponent("base-\(k)") }
    func basePolicy(_ k: Int) -> URL { baseURL(k).appendingPathComponent("checkpoints/final") }
    func rewardURL(_ k: Int) -> URL { folder.appendingPathComponent("rm-\(k)") }
    var rewardURLs: [URL] { (0..<size.members).map(rewardURL) }
    func runURL(_ name: String) -> URL { folder.appendingPathComponent(name) }

    private static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    private func stage<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        progress("[seed \(seed)] \(name) …")
        let start = Date()
        let result = try body()
        let seconds = Date().timeIntervalSince(start)
        clock.stages.append((name, seconds))
        progress(String(format: "[seed %llu] %@ done in %.1f s", seed, name, seconds))
        return result
    }

    /// Runs every stage; returns the analysed figures of this seed.
    func run() throws -> DemoSeedResult {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try stage("world") { try makeWorld() }
        let world = try WorldFiles.load(directory: worldURL)
        for k in 0..<size.members { try stage("sft base \(k)") { try trainBase(k) } }
        let labels = try stage("preferences (biased)") { try simulatePreferences(world) }
        for k in 0..<size.members { try stage("reward model \(k)") { try trainReward(k) } }
        let single = try stage("reward eval (single)") { try evaluateReward(world, members: [rewardURL(0)], name: "rm-eval-single.json") }
        let ensemble = try stage("reward eval (ensemble)") { try evaluateReward(world, members: rewardURLs, name: "rm-eval-ensemble.json") }
        let bonSingle = try stage("best-of-n (single)") { try bestOfN(objective: .single, name: "bon-single") }
        let bonUWO = try stage("best-of-n (uwo)") { try bestOfN(objective: .uwo, name: "bon-uwo") }
        let onlineSingle = try stage("\(size.method.rawValue) (single)") { try online(objective: .single, name: "\(size.method.rawValue)-single") }
        let onlineUWO = try stage("\(size.method.rawValue) (uwo)") { try online(objective: .uwo, name: "\(size.method.rawValue)-uwo") }
        let paired = try stage("paired held-out evaluation") {
            try DemoPairedEvaluation(size: size, seed: seed, world: world, basePolicy: basePolicy(0), reward: rewardURL(0))
                .evaluate(single: runURL("\(size.method.rawValue)-single"), singleSummary: onlineSingle,
                          uwo: runURL("\(size.method.rawValue)-uwo"))
        }
        let heldOutPrompts = world.prompts.filter { $0.split == .eval }.count
        return try DemoSeedResult(
            seed: seed, size: size, heldOutPrompts: heldOutPrompts, labelGoldAgreement: labels.goldAgreement.rate, singleEval: single, ensembleEval: ensemble,
            bestOfNSingle: bonSingle, bestOfNUWO: bonUWO, bestOfNSinglePool: runURL("bon-single"), bestOfNUWOPool: runURL("bon-uwo"),
            onlineSingle: onlineSingle, onlineUWO: onlineUWO, onlineSingleRun: runURL("\(size.method.rawValue)-single"),
            paired: paired, stageSeconds: clock.stages, reusedStages: clock.reused)
    }

    private func makeWorld() throws {
        guard !Self.exists(worldURL.appendingPathComponent("world.json")) else { clock.reused += 1; return }
        var settings = WorldSettings(seed: seed)
        settings.corpusDocuments = size.worldDocuments
        settings.vocabularySize = size.vocabularySize
        settings.trainFraction = size.trainFraction
        settings.evalFraction = size.heldOutFraction
        _ = try WorldGeneration.generate(settings: settings, to: worldURL)
    }

    private func trainBase(_ k: Int) throws {
        guard !Self.exists(basePolicy(k).appendingPathComponent("config.json")) else { clock.reused += 1; return }
        var config = SFTConfig()
        config.data = worldURL.appendingPathComponent("corpus.txt").path
        config.tokenizer = worldURL.appendingPathComponent("tokenizer.json").path
        config.modelConfig = try modelConfigArgument()
        config.steps = k == 0 ? size.sftSteps : size.memberSFTSteps
        config.batchSize = size.sftBatchSize
        config.seed = UInt64(k)
        config.out = baseURL(k).path
        try? FileManager.default.removeItem(at: baseURL(k))
        try SFTRun(config: config).run()
    }

    /// A named architecture, or for `micro` (the CI-sized demo: 1 layer × 32) a config.json written here.
    private func modelConfigArgument() throws -> String {
        guard size.modelConfig == "micro" else { return size.modelConfig }
        let url = folder.appendingPathComponent("micro-config.json")
        let config = GPTConfig(vocabularySize: size.vocabularySize, contextLength: WorldGeneration.policyContext,
                               layerCount: 1, headCount: 2, embeddingWidth: 32)
        try AtomicFile.write(try JSONFormat.pretty(config), to: url)
        return url.path
    }

    private func simulatePreferences(_ world: World) throws -> AgreementReport {
        let report = FeedbackSimulation.agreementURL(for: preferencesURL)
        if Self.exists(preferencesURL), let data = FileManager.default.contents(atPath: report.path),
           let agreement = try? JSONDecoder().decode(AgreementReport.self, from: data) {
            clock.reused += 1
            return agreement
        }
        return try FeedbackSimulation.run(world: world, pool: try AnnotatorPool.resolve("biased"),
                                          options: FeedbackSimulation.Options(items: size.pairs, seed: seed), output: preferencesURL)
    }

    private func trainReward(_ k: Int) throws {
        guard !Self.exists(rewardURL(k).appendingPathComponent("summary.json")) else { clock.reused += 1; return }
        var config = RewardTrainConfig()
        config.initialModel = basePolicy(k).path
        config.data = preferencesURL.path
        config.world = worldURL.path
        config.template = try RewardInputFormat(worldDirectory: worldURL).template
        config.epochs = size.rewardEpochs
        config.learningRate = size.rewardLearningRate
        config.minimumLearningRate = size.rewardLearningRate / 10
        config.normalizationSamples = size.rewardNormalizationSamples
        config.evalEvery = size.rewardEvalEvery
        config.seed = UInt64(k)
        config.out = rewardURL(k).path
        try? FileManager.default.removeItem(at: rewardURL(k))
        _ = try RewardTrainingRun(config: config).run()
    }

    /// Reward eval on the held-out tail of the preferences (the share `reward train` held out).
    private func evaluateReward(_ world: World, members: [URL], name: String) throws -> RewardEvalReport {
        let out = folder.appendingPathComponent(name)
        if let data = FileManager.default.contents(atPath: out.path), let report = try? JSONDecoder().decode(RewardEvalReport.self, from: data) {
            clock.reused += 1
            return report
        }
        let split = try EvaluationSplit(argument: String(RewardTrainConfig().heldOutFraction))
        let data = try EvaluationData.load(url: preferencesURL, world: world, split: split)
        let reward = RewardEnsemble(members: try members.flatMap { try RewardModels.members($0) })
        var options = RewardEvaluator.Options()
        options.probeLimit = size.rewardProbeLimit
        let report = try RewardEvaluator(reward: reward, world: world, options: options)
            .evaluate(data, inputs: .init(model: members.map(\.path).joined(separator: ","), data: preferencesURL.path,
                                          world: worldURL.path, split: split.description))
        try report.write(to: out)
        return report
    }

    private func bestOfN(objective: RewardObjectiveKind, name: String) throws -> BestOfNSummary {
        let out = runURL(name)
        var config = BestOfNConfig()
        config.policy = basePolicy(0).path
        config.reward = (objective == .single ? [rewardURL(0)] : rewardURLs).map(\.path)
        config.objective = objective
        config.uwoLambda = size.uwoLambdaBestOfN
        config.world = worldURL.path
        config.split = .eval
        config.promptLimit = size.bestOfNPrompts
        config.n = size.bestOfNPool
        config.seed = seed
        config.out = out.path
        if let tokens = size.maxNewTokens { config.maxNewTokens = tokens }
        if let rows = size.batchSize { config.samplingBatchSize = rows }
        // A finished run re-analyses its pool; an interrupted one draws the rest.
        let run = Self.exists(out.appendingPathComponent("config.json")) ? try BestOfNRun(resuming: out) : BestOfNRun(config: config)
        return try run.run()
    }

    private func online(objective: RewardObjectiveKind, name: String) throws -> OnlineSummary {
        let out = runURL(name)
        if let data = FileManager.default.contents(atPath: out.appendingPathComponent("summary.json").path),
           let summary = try? JSONDecoder().decode(OnlineSummary.self, from: data) {
            clock.reused += 1
            return summary
        }
        try? FileManager.default.removeItem(at: out)
        var settings = OnlineSettings()
        settings.policy = basePolicy(0).path
        settings.rewards = (objective == .single ? [rewardURL(0)] : rewardURLs).map(\.path)
        settings.objective = RewardObjective(kind: objective, uwoLambda: size.uwoLambdaOnline)
        settings.world = worldURL.path
        settings.seed = seed
        settings.steps = size.steps
        settings.promptsPerStep = size.promptsPerStep
        settings.learningRate = size.learningRate
        settings.minimumLearningRate = size.learningRate
        settings.klCoefficient = size.klCoefficient
        settings.evalSamples = size.evalSamples
        settings.evalEvery = size.evalEvery
        settings.denseEvalEvery = size.denseEvalEvery
        // A checkpoint at every evaluation, so the paired re-evaluation can load the gold peak's policy.
        settings.checkpointEvery = size.denseEvalEvery
        if let tokens = size.maxNewTokens { settings.maxNewTokens = tokens }
        if let rows = size.batchSize { settings.batchSize = rows }
        settings.out = out.path
        // The demo lets every run go its full length and validates the alarm against gold afterwards
        // (mismatch.json); it runs no alarm while training.
        settings.alarm = .off
        let report: (OnlineEvent) throws -> Void = { event in
            if case let .step(row, _) = event, let gold = row.values["eval/gold_reward"] {
                progress(String(format: "[seed %llu] %@ step %d: held-out gold %.3f ± %.3f, proxy %.3f, KL %.2f", seed, name, row.step,
                                gold, row.values["eval/gold_reward_se"] ?? 0, row.values["eval/proxy_reward"] ?? .nan, row.values["eval/kl"] ?? .nan))
            }
        }
        switch size.method {
        case .ppo:
            settings.klEstimator = .k1
            settings.learningRate = size.ppoLearningRate
            settings.minimumLearningRate = size.ppoLearningRate
            return try OnlineRun(config: PPOConfig(online: settings)).run(events: report)
        case .rloo, .grpo:
            var config = size.method == .rloo ? GroupPolicyConfig.rloo() : GroupPolicyConfig.grpo()
            settings.klEstimator = config.online.klEstimator
            config.online = settings
            config.samplesPerPrompt = size.samplesPerPrompt
            return try OnlineRun(config: config).run(events: report)
        }
    }
}
