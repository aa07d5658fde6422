import Foundation
import Model

/// Every setting of `ceiling train sft`, with its default, in one place (nanoGPT style).
/// Written verbatim into the run's config.json.
public struct SFTConfig: Codable, Equatable, Sendable {
    public var method = "sft"
    /// Plain text (documents packed into `sequenceLength` windows) or `.jsonl` of {"prompt","completion"}
    /// (loss on the completion only, length-bucketed batches).
    public var data = ""
    /// For prompt/completion JSONL: draw each batch from one length bucket.
    public var lengthBucketing = true
    /// For plain text with <|endoftext|> separators: start training windows at document starts.
    public var alignWindowsToDocuments = true
    /// The world directory the data and tokenizer came from (`--world`), if any. With a world, the run
    /// ends by sampling `styleReportPrompts` training prompts and comparing the styles with the corpus's.
    public var world: String?
    public var styleReportPrompts = 256
    /// tokenizer.json or .tiktoken file.
    public var tokenizer = ""
    /// Start from this model directory (fine-tuning) instead of a fresh `modelConfig`.
    public var initFrom: String?
    /// A named architecture (`tiny`, `world`, `small`) or a config.json path.
    public var modelConfig = "world"
    public var steps = 1000
    public var batchSize = 32
    /// Tokens per training window; at most the model's context length.
    public var sequenceLength = 64
    public var learningRate: Float = 3e-3
    public var minimumLearningRate: Float = 3e-4
    public var warmupSteps = 50
    public var weightDecay: Float = 0.1
    public var gradientClip: Double = 1.0
    /// Share of the token stream (its tail) held out for the held-out loss.
    public var heldOutFraction = 0.05
    /// Held-out loss every K steps (and at the last step).
    public var evalEvery = 100
    /// A resumable checkpoint every K steps (and at the last step); the newest `keepCheckpoints` are kept.
    public var checkpointEvery = 100
    public var keepCheckpoints = 2
    public var seed: UInt64 = 0
    public var out = "runs/sft"

    public init() {}

    /// The named architectures. `world` is the demo's base policy (DESIGN.md §3).
    public static func namedArchitecture(_ name: String, vocabularySize: Int) -> GPTConfig? {
        switch name {
        case "tiny": return GPTConfig(vocabularySize: vocabularySize, contextLength: 64, layerCount: 2, headCount: 2, embeddingWidth: 64)
        case "world": return GPTConfig(vocabularySize: vocabularySize, contextLength: 64, layerCount: 4, headCount: 4, embeddingWidth: 128)
        case "small": return GPTConfig(vocabularySize: vocabularySize, contextLength: 256, layerCount: 4, headCount: 4, embeddingWidth: 256)
        default: return nil
        }
    }
}
