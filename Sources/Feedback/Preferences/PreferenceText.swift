// A prompt or a completion in preference data: plain text or a conversation.

/// One turn of a conversation, as in TRL's conversational format: `{"role": "user", "content": "…"}`.
public struct ChatMessage: Codable, Hashable, Sendable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// A prompt or a completion: plain text, or a conversation (TRL's conversational format).
/// In JSON it is either a string or an array of `{"role", "content"}` objects.
public enum PreferenceText: Hashable, Sendable {
    case text(String)
    case messages([ChatMessage])

    /// The text a reader sees: the string itself, or the message contents joined by newlines.
    public var plainText: String {
        switch self {
        case .text(let text): return text
        case .messages(let messages): return messages.map(\.content).joined(separator: "\n")
        }
    }

    /// True when there is nothing to read: an empty or all-whitespace string, no messages,
    /// or only messages whose content is empty or all whitespace.
    public var isBlank: Bool {
        switch self {
        case .text(let text): return text.allSatisfy(\.isWhitespace)
        case .messages(let messages): return messages.allSatisfy { $0.content.allSatisfy(\.isWhitespace) }
        }
    }

    /// Length in characters of the readable content (message contents summed). Characters are
    /// Unicode code points, as Python's `len(str)` counts them, so figures match Python tooling.
    public var characterCount: Int {
        switch self {
        case .text(let text): return text.unicodeScalars.count
        case .messages(let messages): return messages.reduce(0) { $0 + $1.content.unicodeScalars.count }
        }
    }

    /// Number of whitespace-separated words of the readable content.
    public var wordCount: Int {
        switch self {
        case .text(let text): return Self.words(in: text)
        case .messages(let messages): return messages.reduce(0) { $0 + Self.words(in: $1.content) }
        }
    }

    private static func words(in text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }
}

extension PreferenceText: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let expected = "expected a string or an array of {\"role\", \"content\"} messages"
        if container.decodeNil() {
            throw DecodingError.valueNotFound(PreferenceText.self, DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: expected))
        }
        do {
            self = .text(try container.decode(String.self))
            return
        } catch DecodingError.typeMismatch {
            // Not a string: it must be an array of messages, decoded below.
        }
        // Decode the array for real so that a bad message reports its own field
        // ("chosen[1].content"); a value that is not an array at all gets the message above.
        do {
            self = .messages(try container.decode([ChatMessage].self))
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.count == decoder.codingPath.count {
            throw DecodingError.typeMismatch(PreferenceText.self, DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: expected))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .messages(let messages): try container.encode(messages)
        }
    }
}
