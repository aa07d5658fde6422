import Foundation
import Model
import Tokenizer

/// The policy's side of text: prompts become the token ids the policy reads (through the prompt
/// template), sampled ids become completion texts. Loaded from the policy's model directory.
public struct PolicyText {
    public let tokenizer: ByteLevelBPETokenizer
    public let template: String
    public let endOfText: Int32
    public let contextLength: Int
    public static let endOfTextToken = "<|endoftext|>"

    public init(tokenizer: ByteLevelBPETokenizer, template: String, endOfText: Int32, contextLength: Int) {
        self.tokenizer = tokenizer
        self.template = template
        self.endOfText = endOfText
        self.contextLength = contextLength
    }

    /// tokenizer.json of the policy directory; end-of-text from the tokenizer, else from config.json.
    public static func load(policyDirectory directory: URL, template: String, model: GPT) throws -> PolicyText {
        let url = directory.appendingPathComponent(ModelDirectory.tokenizerFile)
        guard FileManager.default.fileExists(atPath: url.path) else { throw OnlineError.missingTokenizer(path: directory.path) }
        let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: url)
        guard let eot = tokenizer.specialTokenID(endOfTextToken) ?? model.config.eosTokenID else {
            throw OnlineError.missingEndOfText(path: directory.path)
        }
        return PolicyText(tokenizer: tokenizer, template: template, endOfText: Int32(eot), contextLength: model.config.contextLength)
    }

    /// The ids the policy is conditioned on for a raw prompt.
    public func input(_ prompt: String) -> [Int32] {
        let text = template.replacingOccurrences(of: "{prompt}", with: prompt)
        let ids = tokenizer.encode(text, allowedSpecial: [Self.endOfTextToken]).map(Int32.init)
        return ids.isEmpty ? [endOfText] : ids
    }

    /// The text of sampled ids without a final end-of-text token; ids the tokenizer lacks (a model
    /// vocabulary larger than the tokenizer's) read as nothing.
    public func completionText(_ ids: [Int32]) -> String {
        let body = ids.last == endOfText ? ids.dropLast() : ids[...]
        let bytes = body.flatMap { tokenizer.tokenBytes(Int($0)) ?? [] }
        return String(decoding: bytes, as: UTF8.self)
    }
}
