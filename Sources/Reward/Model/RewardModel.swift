import Foundation
import Model
import Tensor
import Tokenizer

/// A GPT backbone plus a scalar head `score.weight` (1, C), no bias (Hugging Face's
/// GPT2ForSequenceClassification), reading the final hidden state of each input's last token.
/// Inputs are formatted by `settings.format` and end with `<|endoftext|>`; batches are ragged:
/// right-padded with end-of-text, and each sequence is read at its own last real position.
public final class RewardModel {
    public let backbone: GPT
    /// score.weight, C floats.
    public let head: FloatBuffer
    public let headGradient: FloatBuffer
    public let tokenizer: ByteLevelBPETokenizer
    public var settings: RewardModelSettings
    public let endOfText: Int32
    /// Shape and read positions of the last forward pass, for backward.
    private var lastPass: (B: Int, T: Int, positions: [Int])?

    public static let headName = "score.weight"

    public init(backbone: GPT, tokenizer: ByteLevelBPETokenizer, settings: RewardModelSettings, tokenizerPath: String) throws {
        guard let eot = tokenizer.specialTokenID("<|endoftext|>") else { throw RewardError.missingEndOfText(path: tokenizerPath) }
        self.backbone = backbone
        self.tokenizer = tokenizer
        self.settings = settings
        endOfText = Int32(eot)
        head = FloatBuffer(count: backbone.config.embeddingWidth)
        headGradient = FloatBuffer(count: backbone.config.embeddingWidth)
    }

    /// A new reward model on the backbone of any model directory (an SFT policy, a base model or
    /// another reward model), with its head drawn from N(0, initializer_range²) by `seed`.
    public static func initialize(from directory: URL, format: RewardInputFormat, seed: UInt64) throws -> RewardModel {
        let model = try RewardModel(backbone: ModelDirectory.loadGPT(from: directory), tokenizer: loadTokenizer(directory),
                                    settings: RewardModelSettings(format: format), tokenizerPath: directory.path)
        var generator = Xoshiro256StarStar(seed: seed &+ 0x4EAD)
        let std = model.backbone.config.initializerRange
        for i in 0..<model.head.count { model.head[i] = Float(generator.nextNormal()) * std }
        return model
    }

    /// A saved reward model directory.
    public static func load(from directory: URL) throws -> RewardModel {
        let settings = try RewardModelSettings.read(from: directory)
        let model = try RewardModel(backbone: ModelDirectory.loadGPT(from: directory), tokenizer: loadTokenizer(directory),
                                    settings: settings, tokenizerPath: directory.path)
        try model.loadHead(from: directory.appendingPathComponent(ModelDirectory.weightsFile))
        return model
    }

    func loadHead(from url: URL) throws {
        let (tensors, _) = try Safetensors.read(contentsOf: url)
        guard let tensor = tensors[Self.headName] else { throw CheckpointError.missingTensor(path: url.path, tensor: Self.headName) }
        guard tensor.shape == [1, head.count] else {
            throw CheckpointError.shapeMismatch(path: url.path, tensor: Self.headName, expected: [1, head.count], found: tensor.shape)
        }
        for i in 0..<head.count { head[i] = tensor.values[i] }
    }

    static func loadTokenizer(_ directory: URL) throws -> ByteLevelBPETokenizer {
        let url = directory.appendingPathComponent(ModelDirectory.tokenizerFile)
        guard FileManager.default.fileExists(atPath: url.path) else { throw RewardError.missingTokenizer(path: directory.path) }
        return try ByteLevelBPETokenizer.load(contentsOf: url)
    }

    /// A Hugging Face model directory: config.json (GPT2ForSequenceClassification, num_labels 1),
    /// model.safetensors (`transformer.`-prefixed backbone + score.weight),
    /// tokenizer.json, and reward_config.json (input format and normalization).
    public func save(to directory: URL) throws {
        let C = head.count
        try ModelDirectory.save(backbone, to: directory, architecture: "GPT2ForSequenceClassification",
                                extraTensors: [(Self.headName, [1, C], head.array)], backbonePrefix: "transformer.",
                                extraConfig: ["num_labels": 1])
        // No pad_token_id: Hugging Face reads the last token that is not the pad token, and ours is
        // <|endoftext|> itself, so pad = end-of-text would shift its read one token left. Without one it
        // reads the last token, as here (batch size 1; pad with another token for batches).
        try AtomicFile.write(try tokenizer.tokenizerJSON(), to: directory.appendingPathComponent(ModelDirectory.tokenizerFile))
        try settings.write(to: directory)
    }

    /// Token ids of one input. An input longer than the context keeps its last tokens: the head
    /// reads the end, and the end must stay the end-of-text token it was trained on.
    public func encode(prompt: String?, completion: String) -> [Int32] {
        var ids = tokenizer.encode(settings.format.text(prompt: prompt, completion: completion)).map(Int32.init)
        if settings.format.appendEndOfText { ids.append(endOfText) }
        if ids.isEmpty { ids = [endOfText] }
        return Array(ids.suffix(backbone.config.contextLength))
    }

    /// Raw rewards of a ragged batch (one forward pass; gradients are not touched).
    public func forward(_ sequences: [[Int32]]) throws -> [Float] {
        let B = sequences.count, T = sequences.map(\.count).max() ?? 1, C = head.count
        var tokens = [Int32](repeating: endOfText, count: B * T)
        for (b, sequence) in sequences.enumerated() { tokens.replaceSubrange((b * T)..<(b * T + sequence.count), with: sequence) }
        let hidden = try backbone.forwardHidden(tokens: tokens, B: B, T: T)
        let positions = sequences.enumerated().map { b, sequence in b * T + sequence.count - 1 }
        lastPass = (B, T, positions)
        return positions.map { position in
            var sum: Float = 0
            let row = hidden + position * C
            for c in 0..<C { sum += row[c] * head[c] }
            return sum
        }
    }

    /// Accumulates ∂L/∂(head, backbone) from ∂L/∂reward of each sequence of the last forward pass.
    public func backward(dRewards: [Float]) throws {
        guard let pass = lastPass, pass.positions.count == dRewards.count,
              let hidden = backbone.activation("ln_f") else { throw ModelError.backwardBeforeForward }
        let C = head.count
        var dHidden = [Float](repeating: 0, count: pass.B * pass.T * C)
        for (position, dReward) in zip(pass.positions, dRewards) {
            for c in 0..<C {
                headGradient[c] += dReward * hidden[position * C + c]
                dHidden[position * C + c] = dReward * head[c]
            }
        }
        try dHidden.withUnsafeBufferPointer { try backbone.backward(dHidden: $0.baseAddress!) }
    }

    public func zeroGradients() {
        backbone.zeroGradients()
        headGradient.zero()
    }

    /// Raw rewards of (prompt, completion) pairs, in batches of similar length.
    public func rawRewards(prompts: [String?], completions: [String], batchSize: Int = 32) throws -> [Float] {
        guard prompts.count == completions.count else {
            throw RewardError.invalidSetting(name: "prompts", reason: "\(prompts.count) prompts for \(completions.count) completions")
        }
        let sequences = zip(prompts, completions).map { encode(prompt: $0, completion: $1) }
        return try rawRewards(sequences: sequences, batchSize: batchSize)
    }

    public func rawRewards(sequences: [[Int32]], batchSize: Int = 32) throws -> [Float] {
        let order = sequences.indices.sorted { (sequences[$0].count, $0) < (sequences[$1].count, $1) }
        var rewards = [Float](repeating: 0, count: sequences.count)
        for start in stride(from: 0, to: order.count, by: max(1, batchSize)) {
            let indices = Array(order[start..<min(start + max(1, batchSize), order.count)])
            for (index, reward) in zip(indices, try forward(indices.map { sequences[$0] })) { rewards[index] = reward }
        }
        return rewards
    }
}

extension RewardModel: RewardFunction {
    public var memberCount: Int { 1 }

    /// Normalized rewards (see `RewardNormalization`), one member.
    public func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
        try rawRewards(prompts: prompts, completions: completions).map { [settings.normalization.apply($0)] }
    }
}
