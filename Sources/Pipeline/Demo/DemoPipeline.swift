import Feedback
import Foundation
import Mismatch
import Model
import Optimize
import Reward
import Tensor
import Train

/// One demo seed, stage by stage, over the library's runs (no training code here): world → base
/// policies (SFT seeds 0…K−1) → `biased` preferences → one reward model per base → reward eval of the
/// single model and of the ensemble → best-of-n against the single model and the UWO ensemble, and a
/// fresh best-of-n pool for the best-n test → the online method against both → the same mitigation
/// under matched random-flip labels → the paired re-evaluation of every policy. A stage whose output is
/// already complete is skipped, so an interrupted demo continues where it stopped.
public struct DemoPipeline {
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

    public init(size: DemoSize, seed: UInt64, folder: URL, progress: @escaping (String) -> Void) {
        self.size = size
        self.seed = seed
        self.folder = folder
        self.progress = progress
    }

    var worldURL: URL { folder.appendingPathComponent("world") }
    func preferencesURL(_ condition: DemoCondition) -> URL { folder.appendingPathComponent(condition.name("prefs") + ".jsonl") }
    func baseURL(_ k: Int) -> URL { folder.appendingPathComponent("base-\(k)") }
    func basePolicy(_ k: Int) -> URL { baseURL(k).appendingPathComponent("checkpoints/final") }
    func rewardURL(_ k: Int, _ condition: DemoCondition = .biased) -> URL { folder.appendingPathComponent(condition.name("rm") + "-\(k)") }
    func rewardURLs(_ condition: DemoCondition) -> [URL] { (0..<size.members).map { rewardURL($0, condition) } }
    func runURL(_ name: String) -> URL { folder.appendingPathComponent(name) }
    func onlineName(_ objective: RewardObjectiveKind, _ condition: DemoCondition) -> String {
        DemoFiles.onlineRun(method: size.method, objective: objective, condition: condition)
    }
    var conditions: [DemoCondition] { size.conditions }
    var pairedURL: URL { folder.appendingPathComponent("paired") }

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
    public func run() throws -> DemoSeedResult {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try stage("world") { try makeWorld() }
        let world = try WorldFiles.load(directory: worldURL)
        for k in 0..<size.members { try stage("sft base \(k)") { try trainBase(k) } }
        let labels = try stage("preferences (biased)") {
            try simulatePreferences(world, pool: try AnnotatorPool.resolve("biased"), condition: .biased)
        }
        for k in 0..<size.members { try stage("reward model \(k)") { try trainReward(k, condition: .biased) } }
        let single = try stage("reward eval (single)") { try evaluateReward(world, members: [rewardURL(0)], name: "rm-eval-single.json") }
        let ensemble = try stage("reward eval (ensemble)") { try evaluateReward(world, members: rewardURLs(.biased), name: "rm-eval-ensemble.json") }
        let bonSingle = try stage("best-of-n (single)") { try bestOfN(objective: .single, name: "bon-single") }
        let bonUWO = try stage("best-of-n (uwo)") { try bestOfN(objective: .uwo, name: "bon-uwo") }
        try stage("best-of-n (single, fresh pool)") { _ = try freshBestOfN(world) }
        var online: [DemoCondition: [RewardObjectiveKind: OnlineSummary]] = [:]
        var noiseLabels: AgreementReport?
        for condition in conditions {
            if condition == .noise {
                guard let agreement = labels.goldAgreement.rate else { throw DemoConfigError.noAgreement(seed: seed) }
                noiseLabels = try stage("preferences (matched noise)") {
                    try simulatePreferences(world, pool: DemoCondition.noisePool(matching: agreement), condition: .noise)
                }
                for k in 0..<size.members { try stage("reward model \(k) (noise)") { try trainReward(k, condition: .noise) } }
            }
            for objective in [RewardObjectiveKind.single, .uwo] {
                let name = onlineName(objective, condition)
                online[condition, default: [:]][objective] = try stage("\(size.method.rawValue) (\(condition.rawValue), \(objective.rawValue))") {
                    try self.online(objective: objective, condition: condition, name: name)
                }
            }
        }
        let evaluation = DemoPairedEvaluation(size: size, seed: seed, world: world, basePolicy: basePolicy(0), folder: pairedURL)
        let paired = try stage("paired held-out evaluation") { try pairedEvaluation(evaluation, online: online) }
        let heldOutPrompts = world.prompts.filter { $0.split == .eval }.count
        return try DemoSeedResult(
            seed: seed, size: size, folder: folder, heldOutPrompts: heldOutPrompts, labels: labels, noiseLabels: noiseLabels,
            singleEval: single, ensembleEval: ensemble, bestOfNSingle: bonSingle, bestOfNUWO: bonUWO,
            online: online, paired: paired, stageSeconds: clock.stages, reusedStages: clock.reused)
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

    private func simulatePreferences(_ world: World, pool: AnnotatorPool, condition: DemoCondition) throws -> AgreementReport {
        let output = preferencesURL(condition)
        let report = FeedbackSimulation.agreementURL(for: output)
        if Self.exists(output), let data = FileManager.default.contents(atPath: report.path),
           let agreement = try? JSONDecoder().decode(AgreementReport.self, from: data) {
            clock.reused += 1
            return agreement
        }
        // The same items (prompts and response pairs) in both conditions: only the labels differ.
        return try FeedbackSimulation.run(world: world, pool: pool, options: FeedbackSimulation.Options(items: size.pairs, seed: seed), output: output)
    }

    private func trainReward(_ k: Int, condition: DemoCondition) throws {
        let out = rewardURL(k, condition)
        guard !Self.exists(out.appendingPathComponent("summary.json")) else { clock.reused += 1; return }
        var config = RewardTrainConfig()
        config.initialModel = basePolicy(k).path
        config.data = preferencesURL(condition).path
        config.world = worldURL.path
        config.template = try RewardInputFormat(worldDirectory: worldURL).template
        config.epochs = size.rewardEpochs
        config.learningRate = size.rewardLearningRate
        config.minimumLearningRate = size.rewardLearningRate / 10
        config.normalizationSamples = size.rewardNormalizationSamples
        // One reference subset for every member, so that their normalizations differ only by the models.
        config.normalizationSeed = seed
        config.evalEvery = size.rewardEvalEvery
        config.seed = UInt64(k)
        config.out = out.path
        try? FileManager.default.removeItem(at: out)
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
        let data = try EvaluationData.load(url: preferencesURL(.biased), world: world, split: split)
        let reward = RewardEnsemble(members: try members.flatMap { try RewardModels.members($0) })
        var options = RewardEvaluator.Options()
        options.probeLimit = size.rewardProbeLimit
        let report = try RewardEvaluator(reward: reward, world: world, options: options)
            .evaluate(data, inputs: .init(model: members.map(\.path).joined(separator: ","), data: preferencesURL(.biased).path,
                                          world: worldURL.path, split: split.description))
        try report.write(to: out)
        return report
    }

    private func bestOfNConfig(objective: RewardObjectiveKind, name: String) -> BestOfNConfig {
        var config = BestOfNConfig()
        config.policy = basePolicy(0).path
        config.reward = (objective == .single ? [rewardURL(0)] : rewardURLs(.biased)).map(\.path)
        config.objective = objective
        config.uwoLambda = size.uwoLambdaBestOfN
        config.world = worldURL.path
        config.split = .eval
        config.promptLimit = size.bestOfNPrompts
        config.n = size.bestOfNPool
        config.seed = seed
        config.out = runURL(name).path
        if let tokens = size.maxNewTokens { config.maxNewTokens = tokens }
        if let rows = size.batchSize { config.samplingBatchSize = rows }
        return config
    }

    private func bestOfN(objective: RewardObjectiveKind, name: String) throws -> BestOfNSummary {
        try runBestOfN(bestOfNConfig(objective: objective, name: name))
    }

    /// A finished run re-analyses its pool; an interrupted one draws the rest.
    private func runBestOfN(_ config: BestOfNConfig) throws -> BestOfNSummary {
        let out = URL(fileURLWithPath: config.out)
        let run = Self.exists(out.appendingPathComponent("config.json")) ? try BestOfNRun(resuming: out) : BestOfNRun(config: config)
        return try run.run()
    }

    /// A new pool of the single reward model's best-of-n on held-out prompts the sweep did not use (and
    /// another sampling seed, and `bestOfNFreshPool` samples each): the chosen n and the sweep's N are
    /// estimated again there.
    private func freshBestOfN(_ world: World) throws -> BestOfNSummary {
        var config = bestOfNConfig(objective: .single, name: DemoFiles.freshBestOfN)
        let used = Set(try BestOfNPrompts.select(config: bestOfNConfig(objective: .single, name: "bon-single"), world: world).map(\.text))
        let unused = world.prompts(in: .eval).map(\.prompt).filter { !used.contains($0) }
        guard !unused.isEmpty else { throw DemoConfigError.noFreshPrompts(seed: seed) }
        let promptsURL = folder.appendingPathComponent(DemoFiles.freshBestOfNPrompts)
        try AtomicFile.write(try unused.reduce(into: Data()) { $0 += try JSONFormat.line(["prompt": $1]) }, to: promptsURL)
        config.promptsFile = promptsURL.path
        config.promptLimit = size.bestOfNFreshPrompts
        config.n = size.bestOfNFreshPool
        config.seed = seed &+ 0xF4E5
        return try runBestOfN(config)
    }

    private func online(objective: RewardObjectiveKind, condition: DemoCondition, name: String) throws -> OnlineSummary {
        let out = runURL(name)
        if let data = FileManager.default.contents(atPath: out.appendingPathComponent("summary.json").path),
           let summary = try? JSONDecoder().decode(OnlineSummary.self, from: data) {
            clock.reused += 1
            return summary
        }
        try? FileManager.default.removeItem(at: out)
        var settings = OnlineSettings()
        settings.policy = basePolicy(0).path
        settings.rewards = (objective == .single ? [rewardURL(0, condition)] : rewardURLs(condition)).map(\.path)
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

    /// Every policy the targets compare, on the same paired design: the base policy, the single run's
    /// peak checkpoint and final policy under `biased` labels, and each condition's final single and UWO
    /// policies; the base policy is scored by each condition's ensemble too (the members' error correlation).
    private func pairedEvaluation(_ evaluation: DemoPairedEvaluation,
                                  online: [DemoCondition: [RewardObjectiveKind: OnlineSummary]]) throws -> DemoPairedResult {
        let singleName = onlineName(.single, .biased)
        let peakStep = online[.biased]?[.single]?.peakEvalGold?.step ?? 0
        let steps = online[.biased]?[.single]?.steps ?? size.steps
        func finalPolicy(_ name: String) -> URL { runURL(name).appendingPathComponent("checkpoints/final") }
        let peakPolicy = peakStep == 0 ? basePolicy(0)
            : peakStep == steps ? finalPolicy(singleName)
            : runURL(singleName).appendingPathComponent("checkpoints").appendingPathComponent(RunDirectory.checkpointName(step: peakStep))
        var files: [DemoCondition: [DemoPolicyRole: [EvaluationSample]]] = [:]
        for condition in conditions {
            let rewards = rewardURLs(condition)
            func evaluate(_ role: DemoPolicyRole, _ policy: URL) throws {
                let file = pairedURL.appendingPathComponent(condition.rawValue).appendingPathComponent(role.rawValue + ".jsonl")
                files[condition, default: [:]][role] = try evaluation.samples(policy: policy, rewards: rewards, file: file)
            }
            try evaluate(.start, basePolicy(0))
            if condition == .biased { try evaluate(.peak, peakPolicy) }
            try evaluate(.singleFinal, finalPolicy(onlineName(.single, condition)))
            try evaluate(.uwoFinal, finalPolicy(onlineName(.uwo, condition)))
        }
        return try DemoPairedResult(peakStep: peakStep, design: evaluation.promptDesign(), samples: files, folder: folder)
    }
}

/// File names of a demo seed's folder that more than one type reads.
public enum DemoFiles {
    public static let freshBestOfN = "bon-single-fresh"
    public static let freshBestOfNPrompts = "bon-single-fresh-prompts.jsonl"
    public static let paired = "paired"

    /// An online run's folder: `rloo-single`, `rloo-uwo` (biased labels, the names earlier demos used),
    /// `rloo-noise-single`, `rloo-noise-uwo`.
    public static func onlineRun(method: DemoMethod, objective: RewardObjectiveKind, condition: DemoCondition) -> String {
        condition == .biased ? "\(method.rawValue)-\(objective.rawValue)" : "\(method.rawValue)-\(condition.rawValue)-\(objective.rawValue)"
    }
}
