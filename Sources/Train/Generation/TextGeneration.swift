import Foundation
import Model
import Tokenizer

/// The samples of one prompt: the `{"prompt","completions","logprobs"}` record of DESIGN.md §5.
public struct GenerationRecord: Equatable, Sendable {
    public var prompt: String
    /// Completion texts, without a final end-of-text token.
    public var completions: [String]
    /// Per completion, the log-probability of each generated token under the unmodified model
    /// (temperature 1, no truncation), the end-of-text token included when it was sampled.
    public var logprobs: [[Float]]
    /// Per completion, the generated token ids (the end-of-text token included).
    public var tokenIDs: [[Int32]]
    public var finishReasons: [FinishReason]
}

/// Text in, text out: tokenizes prompts, samples `samplesPerPrompt` completions of each, decodes them.
public struct TextGenerator {
    public let sampler: Sampler
    public let tokenizer: ByteLevelBPETokenizer
    /// What the model is conditioned on: `{prompt}` stands for the prompt text (the world's policy
    /// reads `"Q: {prompt}\nA:"`). Records keep the prompt as given.
    public let template: String
    public static let endOfText = "<|endoftext|>"
    public static let placeholder = "{prompt}"

    /// `config.endOfTextID` defaults to the tokenizer's `<|endoftext|>`, then to the model's eos_token_id.
    public init(model: GPT, tokenizer: ByteLevelBPETokenizer, config: SamplingConfig, batchSize: Int,
                template: String = placeholder) throws {
        guard template.contains(Self.placeholder) else {
            throw GenerationError.invalidSetting(name: "template", value: template, expected: "a text containing \(Self.placeholder)")
        }
        self.template = template
        var config = config
        if config.endOfTextID == nil {
            config.endOfTextID = (tokenizer.specialTokenID(Self.endOfText) ?? model.config.eosTokenID).map(Int32.init)
        }
        sampler = try Sampler(model: model, config: config, batchSize: batchSize)
        self.tokenizer = tokenizer
    }

    /// Sample j of prompt i draws from random stream i·samplesPerPrompt + j, so a sample does not
    /// depend on the batch size. An empty model input starts from `<|endoftext|>` (GPT-2's unconditional start).
    /// `progress` is called after each batch with (sequences done, sequences in all).
    public func generate(prompts: [String], samplesPerPrompt: Int, progress: ((Int, Int) -> Void)? = nil) throws -> [GenerationRecord] {
        guard samplesPerPrompt >= 1 else {
            throw GenerationError.invalidSetting(name: "n", value: "\(samplesPerPrompt)", expected: "≥ 1")
        }
        let encoded = prompts.map { prompt -> [Int32] in
            let input = template.replacingOccurrences(of: Self.placeholder, with: prompt)
            let ids = tokenizer.encode(input, allowedSpecial: [Self.endOfText]).map(Int32.init)
            if ids.isEmpty, let start = sampler.config.endOfTextID { return [start] }
            return ids
        }
        var expanded: [[Int32]] = []
        expanded.reserveCapacity(prompts.count * samplesPerPrompt)
        for ids in encoded { for _ in 0..<samplesPerPrompt { expanded.append(ids) } }
        let sequences: [GeneratedSequence]
        do {
            sequences = try sampler.generate(prompts: expanded, streams: (0..<expanded.count).map(UInt64.init)) { done in
                progress?(done, expanded.count)
            }
        } catch let GenerationError.promptTooLong(index, length, context) {
            throw GenerationError.promptTooLong(index: index / samplesPerPrompt, length: length, contextLength: context)
        } catch let GenerationError.emptyPrompt(index) {
            throw GenerationError.emptyPrompt(index: index / samplesPerPrompt)
        } catch let GenerationError.promptTokenOutOfRange(index, position, token, vocabularySize) {
            throw GenerationError.promptTokenOutOfRange(index: index / samplesPerPrompt, position: position, token: token, vocabularySize: vocabularySize)
        }
        return try prompts.enumerated().map { i, prompt in
            let group = sequences[(i * samplesPerPrompt)..<((i + 1) * samplesPerPrompt)]
            return GenerationRecord(prompt: prompt, completions: try group.map(text(of:)), logprobs: group.map(\.logProbabilities),
                                    tokenIDs: group.map(\.tokens), finishReasons: group.map(\.finishReason))
        }
    }

    private func text(of sequence: GeneratedSequence) throws -> String {
        let ids = sequence.finishReason == .endOfText ? sequence.tokens.dropLast() : sequence.tokens[...]
        return try tokenizer.decode(ids.map(Int.init))
    }
}
