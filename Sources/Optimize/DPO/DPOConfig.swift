import Foundation

/// The preference loss (TRL's `loss_type` names).
public enum DPOLossKind: String, Codable, CaseIterable, Sendable {
    /// DPO: −log σ(β·h).
    case sigmoid
    /// IPO: (h − 1/(2β))².
    case ipo
}

/// What to do with a prompt + completion longer than the policy's context.
public enum OverlongPolicy: String, Codable, CaseIterable, Sendable {
    /// A typed error naming the line.
    case error
    /// Keep the completion's first tokens (its end-of-text is then cut off), as TRL's max_length does.
    case truncate
    /// Drop the whole record (counted in summary.json).
    case skip
}

/// Every setting of `ceiling optimize dpo|ipo`, with its default; written verbatim into config.json.
public struct DPOConfig: Codable, Equatable, Sendable {
    /// "dpo" (sigmoid loss) or "ipo"; must agree with `loss`.
    public var method = "dpo"
    /// The model directory of the initial policy, which is also the frozen reference π_ref.
    public var policy = ""
    /// Preference JSONL: pairs, and rankings as all their ordered pairs; unpaired records are skipped.
    public var data = ""
    /// The world directory whose document format gives the templates (recorded).
    public var world: String?
    /// What the policy reads, `{prompt}` replaced (World.policyInput).
    public var promptTemplate = "Q: {prompt}\nA:"
    /// The completion that continues it, `{response}` replaced; `<|endoftext|>` is appended.
    public var completionTemplate = " {response}"
    public var loss = DPOLossKind.sigmoid
    /// β of DPO/IPO (TRL's default 0.1).
    public var beta = 0.1
    /// Divide every sequence log-probability (policy and reference) by its token count.
    public var lengthNormalized = false
    public var epochs = 1
    /// Preference pairs per step.
    public var batchSize = 16
    public var learningRate: Float = 1e-4
    public var minimumLearningRate: Float = 1e-5
    public var warmupSteps = 10
    public var weightDecay: Float = 0
    public var gradientClip: Double = 1.0
    /// Share of the records held out: the file's last records, as `ceiling reward train` holds them out.
    public var heldOutFraction = 0.1
    public var overlong = OverlongPolicy.truncate
    /// Held-out figures every K steps (and at the first and last step).
    public var evalEvery = 50
    public var checkpointEvery = 100
    public var keepCheckpoints = 2
    /// Seed of the data order (the only random choice of a DPO run).
    public var seed: UInt64 = 0
    public var out = "runs/dpo"

    enum CodingKeys: String, CodingKey {
        case method, policy, data, world, loss, beta, epochs, overlong, seed, out
        case promptTemplate = "prompt_template"
        case completionTemplate = "completion_template"
        case lengthNormalized = "length_normalized"
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
    }

    public init() {}

    /// The settings of a method with its own default loss: `ipo` uses the IPO loss.
    public init(method: DPOLossKind) {
        loss = method
        self.method = Self.methodName(of: method)
    }

    public static func methodName(of loss: DPOLossKind) -> String { loss == .ipo ? "ipo" : "dpo" }

    /// Settings that cannot train, as an error naming the setting.
    public func validate() throws {
        guard method == Self.methodName(of: loss) else {
            throw DPOError.invalidSetting(name: "method", reason: "\"\(method)\" does not match loss \"\(loss.rawValue)\"")
        }
        for (name, value) in [("epochs", epochs), ("batch_size", batchSize), ("eval_every", evalEvery),
                              ("checkpoint_every", checkpointEvery), ("keep_checkpoints", keepCheckpoints)] where value < 1 {
            throw DPOError.invalidSetting(name: name, reason: "must be at least 1 (got \(value))")
        }
        guard beta > 0, beta.isFinite else { throw DPOError.invalidSetting(name: "beta", reason: "must be positive (got \(beta))") }
        guard (0..<1).contains(heldOutFraction) else {
            throw DPOError.invalidSetting(name: "held_out_fraction", reason: "must be in [0, 1) (got \(heldOutFraction))")
        }
        guard learningRate > 0, learningRate.isFinite else {
            throw DPOError.invalidSetting(name: "learning_rate", reason: "must be positive (got \(learningRate))")
        }
        guard warmupSteps >= 0 else { throw DPOError.invalidSetting(name: "warmup_steps", reason: "must not be negative") }
        guard promptTemplate.contains("{prompt}") else {
            throw DPOError.invalidSetting(name: "prompt_template", reason: "must contain {prompt}")
        }
        guard completionTemplate.contains("{response}") else {
            throw DPOError.invalidSetting(name: "completion_template", reason: "must contain {response}")
        }
    }
}
