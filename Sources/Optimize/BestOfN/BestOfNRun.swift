import Feedback
import Foundation
import Model
import Reward
import Tensor
import Tokenizer
import Train

/// What a best-of-n run reports while it goes; the command line renders it.
public enum BestOfNEvent {
    /// `reused` prompts' pools came from an earlier, interrupted run.
    case started(prompts: Int, poolSize: Int, reused: Int)
    /// Pools of `done` of `total` prompts are drawn and scored.
    case pooled(done: Int, total: Int)
    case finished(BestOfNSummary)
}

/// One best-of-n run over its run directory (DESIGN.md §5): config.json, then pool.jsonl (the N
/// scored samples of every prompt, appended prompt by prompt to pool.partial.jsonl and renamed when
/// complete), then metrics.jsonl (one row per n) and summary.json. A resumed run keeps the pools
/// already written and draws the rest: the result is the same as an uninterrupted run's.
public struct BestOfNRun {
    public static let poolName = "pool.jsonl"
    public static let partialPoolName = "pool.partial.jsonl"

    public let config: BestOfNConfig
    public let directory: URL
    public let resuming: Bool

    /// A new run in `config.out`; refuses a folder that already holds a run.
    public init(config: BestOfNConfig) {
        self.config = config
        directory = URL(fileURLWithPath: config.out)
        resuming = false
    }

    /// Continues (or re-analyses) the run at `directory` with the settings of its config.json.
    public init(resuming directory: URL) throws {
        config = try RunDirectory.readConfig(BestOfNConfig.self, at: directory)
        self.directory = directory
        resuming = true
    }

    /// `reward` stands in for the reward directories of the config (tests); nil loads them.
    @discardableResult
    public func run(reward: (any RewardFunction)? = nil, events: (BestOfNEvent) throws -> Void = { _ in }) throws -> BestOfNSummary {
        try config.validate()
        let world = try config.world.map { try WorldFiles.load(directory: URL(fileURLWithPath: $0)) }
        let prompts = try BestOfNPrompts.select(config: config, world: world)
        // A new run loads its models before it creates the run directory: a wrong path leaves nothing behind.
        let builder = resuming ? nil : try makeBuilder(world: world, reward: reward)
        let run = resuming ? try RunDirectory.resume(at: directory, fromStep: 0) : try RunDirectory.create(at: directory, config: config)
        let pools = try drawPools(prompts: prompts, events: events) { try builder ?? makeBuilder(world: world, reward: reward) }
        let analysis = try BestOfNAnalysis(pools: pools, rejectionQuantiles: config.rejectionQuantiles)
        try AtomicFile.write(try analysis.rows.reduce(into: Data()) { $0 += try JSONFormat.line($1) }, to: run.metricsURL)
        let summary = BestOfNSummary(analysis: analysis, objective: config.objective, prompts: prompts.count,
                                     peakStandardErrors: config.peakStandardErrors)
        try run.writeSummary(summary)
        try events(.finished(summary))
        return summary
    }

    /// The complete pool file when there is one; else the partial file's pools, completed.
    private func drawPools(prompts: [BestOfNPrompt], events: (BestOfNEvent) throws -> Void,
                           builder makeBuilder: () throws -> BestOfNPoolBuilder) throws -> [BestOfNPromptPool] {
        let texts = prompts.map(\.text)
        let poolURL = directory.appendingPathComponent(Self.poolName)
        let partialURL = directory.appendingPathComponent(Self.partialPoolName)
        let files = FileManager.default
        if resuming, files.fileExists(atPath: poolURL.path) {
            let pools = try BestOfNPoolFile.read(poolURL).pools
            try BestOfNPoolFile.verify(pools, prompts: texts, poolSize: config.n, path: poolURL.path)
            guard pools.count == prompts.count else {
                throw BestOfNError.poolMismatch(path: poolURL.path, line: pools.count + 1, reason: "holds \(pools.count) of the run's \(prompts.count) prompts")
            }
            try events(.started(prompts: prompts.count, poolSize: config.n, reused: pools.count))
            return pools
        }
        var pools: [BestOfNPromptPool] = []
        if resuming, files.fileExists(atPath: partialURL.path) {
            let (read, lineEnds) = try BestOfNPoolFile.read(partialURL)
            try BestOfNPoolFile.verify(read, prompts: texts, poolSize: config.n, path: partialURL.path)
            // Keep whole rounds only (and drop a torn last line): the next round then batches its
            // samples as the uninterrupted run did, which makes the log-probabilities bit-identical.
            let kept = read.count / config.promptsPerRound * config.promptsPerRound
            pools = Array(read.prefix(kept))
            let handle = try FileHandle(forWritingTo: partialURL)
            try handle.truncate(atOffset: UInt64(kept == 0 ? 0 : lineEnds[kept - 1]))
            try handle.close()
        } else {
            guard files.createFile(atPath: partialURL.path, contents: nil) else {
                throw RunDirectoryError.badFile(path: partialURL.path, reason: "cannot create")
            }
        }
        try events(.started(prompts: prompts.count, poolSize: config.n, reused: pools.count))
        if pools.count < prompts.count {
            let builder = try makeBuilder()
            let handle = try FileHandle(forWritingTo: partialURL)
            defer { try? handle.close() }
            try handle.seekToEnd()
            let chunk = config.promptsPerRound
            for start in stride(from: pools.count, to: prompts.count, by: chunk) {
                let fresh = try builder.pools(prompts, range: start..<min(start + chunk, prompts.count))
                for pool in fresh { try handle.write(contentsOf: try BestOfNPoolFile.line(pool)) }
                try handle.synchronize()
                pools += fresh
                try events(.pooled(done: pools.count, total: prompts.count))
            }
        }
        guard rename(partialURL.path, poolURL.path) == 0 else {
            throw RunDirectoryError.badFile(path: poolURL.path, reason: "cannot rename \(Self.partialPoolName) into place")
        }
        return pools
    }

    private func makeBuilder(world: World?, reward: (any RewardFunction)?) throws -> BestOfNPoolBuilder {
        let policyURL = URL(fileURLWithPath: config.policy)
        let policy = try ModelDirectory.loadGPT(from: policyURL)
        let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: policyURL.appendingPathComponent(ModelDirectory.tokenizerFile))
        let rewardFunction = try reward ?? RewardEnsemble(members: config.reward.flatMap { try RewardModels.members(URL(fileURLWithPath: $0)) })
        return try BestOfNPoolBuilder(policy: policy, tokenizer: tokenizer, reward: rewardFunction, world: world, config: config)
    }
}
