import Feedback
import Foundation
import Model
import Optimize
import Reward
import Train

/// Samples of one policy (a checkpoint, or best-of-n at one n) on the same held-out prompts: the
/// completions table and the histograms read them.
public struct CheckpointSamples: Sendable {
    /// "step 0", "n = 4", …
    public var label: String
    /// Where the samples came from (a checkpoint folder or pool.jsonl).
    public var source: String
    /// The completions the table shows, prompt by prompt in the same order for every checkpoint.
    public var shown: [ShownCompletion]
    /// Per-sample figures for the histograms.
    public var proxy: [Double]
    public var gold: [Double]?
    public var lengths: [Double]
    /// Per-sample weights for histograms (best-of-n's selection probabilities); nil: equal.
    public var weights: [Double]?
}

public struct ShownCompletion: Equatable, Sendable {
    public var prompt: String
    /// The completion as the reward scored it (the table shows it trimmed).
    public var completion: String
    public var proxy: Double
    public var gold: Double?
}

/// Draws held-out samples from an online run's checkpoints with the run's own reward objective,
/// world and sampling settings; small and seeded: sample i of every checkpoint reads the same
/// prompt and draws from random stream i of `seed`, so checkpoints are compared on equal terms.
public enum CheckpointSampler {
    public struct Choice: Sendable {
        public var label: String
        public var directory: URL
    }

    /// `count` held-out samples per checkpoint; the first `shown` go to the completions table.
    /// `reward` stands in for the reward models the config names (tests; models already loaded).
    public static func sample(run: RunFiles, choices: [Choice], count: Int, shown: Int, seed: UInt64,
                              reward: (any RewardFunction)? = nil) throws -> [CheckpointSamples] {
        guard count > 0, !choices.isEmpty else { return [] }
        let failure = { (reason: String) in ReportError.sampling(run: run.url.path, reason: reason) }
        let settings: OnlineSettings
        do { settings = try RunDirectory.readConfig(OnlineSettings.self, at: run.url) } catch { throw failure("config.json: \(error)") }
        guard let policyURL = run.resolve(settings.policy) else { throw failure("reference policy \(settings.policy) not found") }
        do {
            let reference = try ModelDirectory.loadGPT(from: policyURL)
            let text = try PolicyText.load(policyDirectory: policyURL, template: settings.promptTemplate, model: reference)
            let world = try settings.world.map { path -> World in
                guard let url = run.resolve(path) else { throw failure("world \(path) not found") }
                return try WorldFiles.load(directory: url)
            }
            let reward = try reward ?? RewardEnsemble(members: settings.rewards.flatMap { path -> [RewardModel] in
                guard let url = run.resolve(path) else { throw failure("reward model \(path) not found") }
                return try RewardModels.members(url)
            })
            let evalPrompts = try settings.evalPrompts.map { path -> String in
                guard let url = run.resolve(path) else { throw failure("held-out prompts \(path) not found") }
                return url.path
            }
            let prompts = try PromptSet.load(file: evalPrompts, world: world, split: .eval, text: text)
            let order = PromptSet.permutation(count: prompts.count, seed: seed)
            let indices = (0..<count).map { order[$0 % order.count] }
            let gold = world.map(GoldScorer.init(world:))
            return try choices.map { choice in
                let policy = try ModelDirectory.loadGPT(from: choice.directory)
                let producer = try RolloutProducer(policy: policy, reference: reference, text: text, reward: reward, objective: settings.objective,
                                                   gold: gold, temperature: settings.temperature, maxNewTokens: settings.maxNewTokens,
                                                   seed: seed, batchSize: min(settings.batchSize, 64))
                let scored = try producer.produce(prompts: prompts, indices: indices, samplesPerPrompt: 1,
                                                  streams: indices.indices.map(UInt64.init), scoringRows: producer.batchSize)
                let figures = scored.sampleFigures
                let proxy = figures["proxy_reward"] ?? [], gold = figures["gold_reward"]
                let table = (0..<min(shown, count)).map { i in
                    ShownCompletion(prompt: scored.rollout.prompts[i], completion: scored.rollout.completions[i],
                                    proxy: proxy[i], gold: gold?[i])
                }
                return CheckpointSamples(label: choice.label, source: choice.directory.path, shown: table,
                                         proxy: proxy, gold: gold,
                                         lengths: figures["response_length"] ?? [], weights: nil)
            }
        } catch let error as ReportError {
            throw error
        } catch {
            throw failure("\(error)")
        }
    }

    /// Step 0 (the reference policy), the checkpoint nearest the measured gold peak (labelled "(peak)"
    /// even when checkpoints are sparser than evaluations: the report says which step peaked), and the final policy.
    public static func choices(run: RunFiles, peakStep: Int?) -> [Choice] {
        guard let policy = run.config["policy"]?.string.flatMap(run.resolve) else { return [] }
        var available: [(step: Int, url: URL)] = [(0, policy)] + RunDirectory.stepCheckpoints(at: run.url)
        available.sort { $0.step < $1.step }
        var choices = [Choice(label: "step 0", directory: policy)]
        if let peakStep, let nearest = available.min(by: { abs($0.step - peakStep) < abs($1.step - peakStep) }), nearest.step != 0 {
            choices.append(Choice(label: "step \(nearest.step) (peak)", directory: nearest.url))
        }
        let final = run.url.appendingPathComponent("checkpoints/final")
        if FileManager.default.fileExists(atPath: final.path) {
            let steps = run.config["steps"]?.int
            choices.append(Choice(label: steps.map { "step \($0) (end)" } ?? "end", directory: final))
        }
        return choices
    }
}
