import Foundation

/// Every setting of `ceiling reward train`, with its default; written verbatim into config.json.
/// Defaults follow the design brief's measurement on the world: 1 epoch at 1e-4 left reward models
/// worse than chance, 2 epochs at 1e-3 worked.
public struct RewardTrainConfig: Codable, Equatable, Sendable {
    public var method = "reward"
    /// The model directory the backbone starts from (an SFT policy's checkpoints/final, …).
    public var initialModel = ""
    /// Preference JSONL (pairs, rankings; unpaired records are skipped).
    public var data = ""
    /// The world directory the data came from, if any (recorded; its document format is the template).
    public var world: String?
    public var template = RewardInputFormat.worldTemplate
    public var loss = RewardLossKind.bt
    /// c of the reward-centering term c·(r_c + r_r)² (0: off).
    public var centering = 0.0
    /// Members of the ensemble; member k uses seed + k for its head and data order.
    public var ensemble = 1
    /// Each member trains on a bootstrap resample of the training comparisons.
    public var bootstrap = false
    public var epochs = 2
    /// Batches of comparisons of similar length (TRL's `group_by_length`): about 1.5× faster on the
    /// world's pairs, whose padded batches were 60% longer than their tokens.
    public var groupByLength: Bool { get { lengthGrouping ?? false } set { lengthGrouping = newValue } }
    /// Stored optional so that a config.json written before the option (no key) decodes as the plain
    /// shuffled order its run trained in, and resumes in it.
    var lengthGrouping: Bool? = true
    /// Comparisons per step.
    public var batchSize = 16
    public var learningRate: Float = 1e-3
    public var minimumLearningRate: Float = 1e-4
    public var warmupSteps = 10
    public var weightDecay: Float = 0.1
    public var gradientClip: Double = 1.0
    /// Share of the records held out (the same records for every member).
    public var heldOutFraction = 0.1
    /// Held-out loss and accuracy every K steps (and at the first and last step).
    public var evalEvery = 50
    public var checkpointEvery = 100
    public var keepCheckpoints = 2
    /// Normalization reference: a JSONL of {"prompt","completion"} (e.g. samples of the SFT policy);
    /// without it, the completions of the training comparisons.
    public var reference: String?
    /// Reference samples the normalization statistics use at most (a seeded subset).
    public var normalizationSamples = 1024
    /// Seed of that subset; nil: the run's `seed`. Members trained in separate runs share one reference
    /// subset only when they share this seed (the demo gives all of them the world's seed).
    public var normalizationSeed: UInt64?
    /// Seed of the run; member k's head and data order use seed + k. (The held-out split is the file's tail.)
    public var seed: UInt64 = 0
    /// Which ensemble member this config trains (0 for a single model).
    public var member = 0
    public var out = "runs/reward"

    enum CodingKeys: String, CodingKey {
        case method, data, world, template, loss, centering, ensemble, bootstrap, epochs, reference, seed, member, out
        case initialModel = "init"
        case batchSize = "batch_size"
        case learningRate = "learning_rate"
        case minimumLearningRate = "minimum_learning_rate"
        case warmupSteps = "warmup_steps"
        case weightDecay = "weight_decay"
        case gradientClip = "gradient_clip"
        case heldOutFraction = "held_out_fraction"
        case evalEvery = "eval_every"
        case checkpointEvery = "checkpoint_every"
        case keepCheckpoints = "keep_checkpoints"
        case normalizationSamples = "normalization_samples"
        case normalizationSeed = "normalization_seed"
        case lengthGrouping = "group_by_length"
    }

    public init() {}

    public var format: RewardInputFormat { RewardInputFormat(template: template) }
    /// Seed of this member's head initialisation and data order.
    public var memberSeed: UInt64 { seed &+ UInt64(member) }

    /// Settings that cannot train, as an error naming the setting.
    public func validate() throws {
        for (name, value) in [("ensemble", ensemble), ("epochs", epochs), ("batch_size", batchSize), ("eval_every", evalEvery),
                              ("checkpoint_every", checkpointEvery), ("keep_checkpoints", keepCheckpoints)] where value < 1 {
            throw RewardError.invalidSetting(name: name, reason: "must be at least 1 (got \(value))")
        }
        guard (0..<1).contains(heldOutFraction) else {
            throw RewardError.invalidSetting(name: "held_out_fraction", reason: "must be in [0, 1) (got \(heldOutFraction))")
        }
        guard learningRate > 0, learningRate.isFinite else { throw RewardError.invalidSetting(name: "learning_rate", reason: "must be positive") }
        guard template.contains("{completion}") else { throw RewardError.badTemplate(template: template) }
    }

    /// The settings of ensemble member k (its own seed and run folder).
    public func member(_ k: Int, folder: URL) -> RewardTrainConfig {
        var member = self
        member.ensemble = 1
        member.member = k
        member.out = folder.path
        return member
    }
}
