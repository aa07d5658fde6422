/// Problems with world directories, annotator files and the inputs of `feedback simulate` and
/// `gold score`; each names the file and, where there is one, the line or field.
public enum WorldError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String)
    case invalidFile(path: String, reason: String)
    case unknownPrompt(path: String, line: Int, prompt: String)
    case invalidInput(path: String, line: Int, field: String, reason: String)
    case invalidAnnotators(source: String, field: String, reason: String)
    case invalidSetting(name: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingFile(let path):
            return "\(path): no such file (is this a world directory written by `ceiling world generate`?)"
        case .invalidFile(let path, let reason):
            return "\(path): \(reason)"
        case .unknownPrompt(let path, let line, let prompt):
            return "\(path):\(line): the prompt \(Self.quote(prompt)) is not a prompt of this world (prompts.jsonl); "
                + "give the raw prompt text or \"Q: …\\nA:\""
        case .invalidInput(let path, let line, let field, let reason):
            return "\(path):\(line): invalid \"\(field)\": \(reason)"
        case .invalidAnnotators(let source, let field, let reason):
            return "\(source): annotators: invalid \"\(field)\": \(reason)"
        case .invalidSetting(let name, let reason):
            return "invalid \(name): \(reason)"
        case .writeFailed(let path, let reason):
            return "\(path): write failed: \(reason)"
        }
    }

    private static func quote(_ text: String) -> String {
        let short = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return "\"" + short.replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
