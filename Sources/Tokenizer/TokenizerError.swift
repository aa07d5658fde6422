import Foundation

/// Everything that can go wrong while loading, encoding, decoding, training or writing a tokenizer.
/// Each case names the file and the field, line or position at fault.
public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    /// The file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The file is neither a Hugging Face tokenizer.json nor a tiktoken rank file.
    case unrecognizedFormat(path: String)
    /// The JSON itself does not parse.
    case malformedJSON(path: String, reason: String)
    /// A required field of tokenizer.json is absent.
    case missingField(path: String, field: String)
    /// A field of tokenizer.json holds a value of the wrong kind or an impossible value.
    case invalidField(path: String, field: String, reason: String)
    /// A valid tokenizer.json feature that this byte-level BPE does not implement.
    case unsupported(path: String, field: String, value: String)
    /// A line of a tiktoken rank file is not `base64-token rank`.
    case malformedRankLine(path: String, line: Int, reason: String)
    /// decode met an id that names no token.
    case unknownTokenID(id: Int, position: Int)
    /// Training was asked for fewer tokens than the 256 bytes plus the special tokens.
    case vocabularyTooSmall(requested: Int, minimum: Int)
    /// A special token given to training is empty or listed twice.
    case invalidSpecialToken(token: String, reason: String)
    /// Writing the tokenizer failed.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            return "\(path): cannot read file: \(reason)"
        case let .unrecognizedFormat(path):
            return "\(path): neither a tokenizer.json (JSON object with a \"model\" field) nor a tiktoken rank file (lines of `base64 rank`)"
        case let .malformedJSON(path, reason):
            return "\(path): malformed JSON: \(reason)"
        case let .missingField(path, field):
            return "\(path): missing field \(field)"
        case let .invalidField(path, field, reason):
            return "\(path): field \(field): \(reason)"
        case let .unsupported(path, field, value):
            return "\(path): field \(field) = \(value) is not supported by Ceiling's byte-level BPE"
        case let .malformedRankLine(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .unknownTokenID(id, position):
            return "token id \(id) at position \(position) is not in the vocabulary"
        case let .vocabularyTooSmall(requested, minimum):
            return "vocabulary size \(requested) is too small: at least \(minimum) (256 bytes plus the special tokens)"
        case let .invalidSpecialToken(token, reason):
            return "special token \"\(token)\": \(reason)"
        case let .writeFailed(path, reason):
            return "\(path): cannot write: \(reason)"
        }
    }
}
