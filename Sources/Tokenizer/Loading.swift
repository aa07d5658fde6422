import Foundation

extension ByteLevelBPETokenizer {
    /// Loads a Hugging Face tokenizer.json or a tiktoken rank file, recognised by content: a file
    /// whose first non-blank character is `{` is JSON, anything else is read as tiktoken ranks.
    /// A tiktoken file gets `<|endoftext|>` right after its highest rank (50256 for GPT-2).
    public static func load(contentsOf url: URL) throws -> ByteLevelBPETokenizer {
        let data = try read(url)
        switch sniffFormat(data) {
        case .json:
            return ByteLevelBPETokenizer(model: try HuggingFaceTokenizerJSON.parse(data, origin: url.path))
        case .tiktoken:
            return ByteLevelBPETokenizer(model: try TiktokenLoader.parse(data, origin: url.path, specialTokens: nil))
        case .unknown:
            throw TokenizerError.unrecognizedFormat(path: url.path)
        }
    }

    /// Loads a tiktoken rank file with the given special tokens (content → id) instead of the default.
    public static func loadTiktoken(contentsOf url: URL, specialTokens: [String: Int]) throws -> ByteLevelBPETokenizer {
        let data = try read(url)
        return ByteLevelBPETokenizer(model: try TiktokenLoader.parse(data, origin: url.path, specialTokens: specialTokens))
    }

    /// Parses tokenizer.json bytes; `origin` names the source in errors.
    public static func fromTokenizerJSON(_ data: Data, origin: String = "tokenizer.json") throws -> ByteLevelBPETokenizer {
        ByteLevelBPETokenizer(model: try HuggingFaceTokenizerJSON.parse(data, origin: origin))
    }

    private static func read(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TokenizerError.unreadableFile(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }

    enum FileFormat { case json, tiktoken, unknown }

    static func sniffFormat(_ data: Data) -> FileFormat {
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) else {
            return .unknown
        }
        if first == UInt8(ascii: "{") { return .json }
        // A rank line is base64 text, one space, decimal digits.
        let firstLine = data.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        let fields = firstLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        let base64 = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=".utf8)
        guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty,
              fields[0].allSatisfy(base64.contains),
              fields[1].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return .unknown }
        return .tiktoken
    }
}
