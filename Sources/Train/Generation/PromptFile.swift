import Foundation

public enum PromptFileError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case invalidJSON(path: String, line: Int)
    case notAnObject(path: String, line: Int)
    case missingPrompt(path: String, line: Int)
    case promptNotAString(path: String, line: Int)
    case noPrompts(path: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot read: \(reason)"
        case let .invalidJSON(path, line): return "\(path):\(line): not valid JSON"
        case let .notAnObject(path, line): return "\(path):\(line): expected a JSON object with a \"prompt\" field"
        case let .missingPrompt(path, line): return "\(path):\(line): missing field \"prompt\""
        case let .promptNotAString(path, line): return "\(path):\(line): field \"prompt\" is not a string"
        case let .noPrompts(path): return "\(path): holds no prompts"
        }
    }
}

/// Prompts from JSONL: one object per line with a string field "prompt" (other fields are ignored,
/// so preference data and earlier generations can be read back). Blank lines are skipped.
public enum PromptFile {
    public static func read(contentsOf url: URL) throws -> [String] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PromptFileError.unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        return try parse(data, path: url.path)
    }

    public static func parse(_ data: Data, path: String) throws -> [String] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a UTF-8 byte-order mark
        var prompts: [String] = []
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            if trimmed.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed), options: [.fragmentsAllowed]) else {
                throw PromptFileError.invalidJSON(path: path, line: lineNumber)
            }
            guard let record = object as? [String: Any] else { throw PromptFileError.notAnObject(path: path, line: lineNumber) }
            guard let value = record["prompt"] else { throw PromptFileError.missingPrompt(path: path, line: lineNumber) }
            guard let prompt = value as? String else { throw PromptFileError.promptNotAString(path: path, line: lineNumber) }
            prompts.append(prompt)
        }
        guard !prompts.isEmpty else { throw PromptFileError.noPrompts(path: path) }
        return prompts
    }
}
