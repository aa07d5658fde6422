import Foundation

/// How tokens are drawn. The model's logits are divided by `temperature`, cut to the `topK` most likely
/// tokens, then to the smallest set whose probability reaches `topP` (the Hugging Face order), renormalized
/// and sampled. Written verbatim into a run's config.json.
public struct SamplingConfig: Codable, Equatable, Sendable {
    /// Divides the logits; 0 means greedy (always the most likely token).
    public var temperature: Float = 1
    /// Keep only the k most likely tokens (ties go to the lower token id); nil turns the cut off.
    public var topK: Int?
    /// Keep the smallest set of most likely tokens whose probability reaches p; 1 turns the cut off.
    public var topP: Float = 1
    /// The most tokens generated per sequence (the end-of-text token included, when it is sampled).
    public var maxNewTokens = 64
    /// Stop a sequence once it samples `endOfTextID`; the token is kept as the completion's last token.
    public var stopAtEndOfText = true
    /// The end-of-text token (GPT-2: `<|endoftext|>`); nil means no stop token.
    public var endOfTextID: Int32?
    /// Every draw derives from this seed and the sequence's stream number (see `Sampler`).
    public var seed: UInt64 = 0

    enum CodingKeys: String, CodingKey {
        case temperature, seed
        case topK = "top_k"
        case topP = "top_p"
        case maxNewTokens = "max_new_tokens"
        case stopAtEndOfText = "stop_at_end_of_text"
        case endOfTextID = "end_of_text_id"
    }

    public init(temperature: Float = 1, topK: Int? = nil, topP: Float = 1, maxNewTokens: Int = 64,
                stopAtEndOfText: Bool = true, endOfTextID: Int32? = nil, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.maxNewTokens = maxNewTokens
        self.stopAtEndOfText = stopAtEndOfText
        self.endOfTextID = endOfTextID
        self.seed = seed
    }

    public var isGreedy: Bool { temperature == 0 }

    /// Throws `GenerationError.invalidSetting` for the first setting out of range.
    public func validate(vocabularySize: Int) throws {
        guard temperature.isFinite, temperature >= 0 else {
            throw GenerationError.invalidSetting(name: "temperature", value: "\(temperature)", expected: "a finite number ≥ 0 (0 = greedy)")
        }
        if let topK, topK < 1 { throw GenerationError.invalidSetting(name: "top_k", value: "\(topK)", expected: "≥ 1") }
        guard topP > 0, topP <= 1 else { throw GenerationError.invalidSetting(name: "top_p", value: "\(topP)", expected: "in (0, 1]") }
        guard maxNewTokens >= 1 else { throw GenerationError.invalidSetting(name: "max_new_tokens", value: "\(maxNewTokens)", expected: "≥ 1") }
        if let endOfTextID, endOfTextID < 0 || Int(endOfTextID) >= vocabularySize {
            throw GenerationError.invalidSetting(name: "end_of_text_id", value: "\(endOfTextID)", expected: "a token id below the vocabulary size \(vocabularySize)")
        }
    }
}

public enum GenerationError: Error, CustomStringConvertible, Equatable {
    case invalidSetting(name: String, value: String, expected: String)
    case emptyPrompt(index: Int)
    case promptTooLong(index: Int, length: Int, contextLength: Int)
    case promptTokenOutOfRange(index: Int, position: Int, token: Int32, vocabularySize: Int)
    case streamCountMismatch(prompts: Int, streams: Int)

    public var description: String {
        switch self {
        case let .invalidSetting(name, value, expected): return "sampling setting \(name) = \(value) is invalid: expected \(expected)"
        case let .emptyPrompt(index): return "prompt \(index) has no tokens (start it with <|endoftext|> for an unconditional sample)"
        case let .promptTooLong(index, length, contextLength):
            return "prompt \(index) has \(length) tokens; the model's context holds \(contextLength) (n_positions)"
        case let .promptTokenOutOfRange(index, position, token, vocabularySize):
            return "prompt \(index): token id \(token) at position \(position) is outside the vocabulary (size \(vocabularySize))"
        case let .streamCountMismatch(prompts, streams): return "\(prompts) prompts but \(streams) random streams"
        }
    }
}
