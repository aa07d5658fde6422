import Foundation

/// GPT-2 hyper-parameters, with the key names of a Hugging Face `config.json`.
public struct GPTConfig: Codable, Equatable, Sendable {
    public var vocabularySize: Int
    public var contextLength: Int
    public var layerCount: Int
    public var headCount: Int
    public var embeddingWidth: Int
    public var layerNormEpsilon: Float = 1e-5
    /// Standard deviation of the normal initialisation (HF `initializer_range`).
    public var initializerRange: Float = 0.02
    public var bosTokenID: Int?
    public var eosTokenID: Int?

    enum CodingKeys: String, CodingKey {
        case vocabularySize = "vocab_size"
        case contextLength = "n_positions"
        case layerCount = "n_layer"
        case headCount = "n_head"
        case embeddingWidth = "n_embd"
        case layerNormEpsilon = "layer_norm_epsilon"
        case initializerRange = "initializer_range"
        case bosTokenID = "bos_token_id"
        case eosTokenID = "eos_token_id"
    }

    public init(vocabularySize: Int, contextLength: Int, layerCount: Int, headCount: Int, embeddingWidth: Int,
                layerNormEpsilon: Float = 1e-5) {
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.layerCount = layerCount
        self.headCount = headCount
        self.embeddingWidth = embeddingWidth
        self.layerNormEpsilon = layerNormEpsilon
    }

    public init(from decoder: Decoder) throws {
        let keys = try decoder.container(keyedBy: CodingKeys.self)
        vocabularySize = try keys.decode(Int.self, forKey: .vocabularySize)
        contextLength = try keys.decode(Int.self, forKey: .contextLength)
        layerCount = try keys.decode(Int.self, forKey: .layerCount)
        headCount = try keys.decode(Int.self, forKey: .headCount)
        embeddingWidth = try keys.decode(Int.self, forKey: .embeddingWidth)
        layerNormEpsilon = try keys.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-5
        initializerRange = try keys.decodeIfPresent(Float.self, forKey: .initializerRange) ?? 0.02
        bosTokenID = try keys.decodeIfPresent(Int.self, forKey: .bosTokenID)
        eosTokenID = try keys.decodeIfPresent(Int.self, forKey: .eosTokenID)
    }

    /// Why the configuration cannot build a model, or nil when it can.
    public var problem: String? {
        for (name, value) in [("vocab_size", vocabularySize), ("n_positions", contextLength), ("n_layer", layerCount),
                              ("n_head", headCount), ("n_embd", embeddingWidth)] where value <= 0 {
            return "\(name) must be positive (got \(value))"
        }
        if embeddingWidth % headCount != 0 { return "n_embd \(embeddingWidth) is not divisible by n_head \(headCount)" }
        return nil
    }

    /// Parameters: wte + wpe + per layer (2 norms, qkv, proj, fc, fc-proj) + final norm.
    public var parameterCount: Int { GPT.parameterLayout(for: self).totalCount }

    /// Forward FLOPs per token at sequence length T: the matmuls (LM head included) plus the
    /// attention products QKᵀ and PV, counted over the full T×T square that the kernel computes.
    public func forwardFlopsPerToken(sequenceLength T: Int) -> Double {
        let C = Double(embeddingWidth), L = Double(layerCount), V = Double(vocabularySize)
        return 2 * (L * 12 * C * C + V * C) + L * 4 * Double(T) * C
    }
}
