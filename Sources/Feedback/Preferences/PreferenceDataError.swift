// Errors of reading and writing preference data; each names the file and, where there is one, the line.

/// A problem with a preference-data file. `line` is 1-based; `field` is a JSON path such as
/// `ranking`, `chosen[1].content` or `scores[0]`.
public enum PreferenceDataError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened or read.
    case unreadableFile(path: String, reason: String)
    /// The line is not valid JSON (or not UTF-8).
    case invalidJSON(path: String, line: Int, reason: String)
    /// The line is valid JSON but not an object.
    case notAnObject(path: String, line: Int)
    /// The object's keys match none of the formats.
    case unrecognizedFormat(path: String, line: Int, keys: [String])
    /// The object has the keys of more than one format (say `chosen` and `completion`).
    case mixedFormats(path: String, line: Int, keys: [String])
    /// A field the record's format requires is absent.
    case missingField(path: String, line: Int, field: String)
    /// A field holds the wrong JSON type (or null).
    case wrongType(path: String, line: Int, field: String, expected: String)
    /// A field has the right type but an impossible value (a ranking that is not a permutation…).
    case invalidValue(path: String, line: Int, field: String, reason: String)
    /// The file holds no records (empty, or only blank lines) where records are needed.
    case noRecords(path: String)
    /// A value cannot be written as JSON (a score that is NaN or infinite).
    case unencodableValue(path: String, reason: String)
    /// Writing, renaming or removing a file failed, or the writer was used after `finish()`.
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read the file: \(reason)"
        case .invalidJSON(let path, let line, let reason):
            return "\(path):\(line): invalid JSON: \(reason)"
        case .notAnObject(let path, let line):
            return "\(path):\(line): expected a JSON object (one record per line)"
        case .unrecognizedFormat(let path, let line, let keys):
            return "\(path):\(line): cannot tell the format from keys \(Self.list(keys)); expected "
                + "\"chosen\"/\"rejected\" (pairs), \"completion\"/\"label\" (unpaired) or \"completions\"/\"ranking\" (rankings)"
        case .mixedFormats(let path, let line, let keys):
            return "\(path):\(line): keys \(Self.list(keys)) mix several formats; use one of "
                + "\"chosen\"/\"rejected\", \"completion\"/\"label\" or \"completions\"/\"ranking\" per record"
        case .missingField(let path, let line, let field):
            return "\(path):\(line): missing field \"\(field)\""
        case .wrongType(let path, let line, let field, let expected):
            return "\(path):\(line): wrong type for \"\(field)\": expected \(expected)"
        case .invalidValue(let path, let line, let field, let reason):
            return "\(path):\(line): invalid \"\(field)\": \(reason)"
        case .noRecords(let path):
            return "\(path): no preference records (the file is empty or has only blank lines)"
        case .unencodableValue(let path, let reason):
            return "\(path): cannot write the record as JSON: \(reason)"
        case .writeFailed(let path, let reason):
            return "\(path): write failed: \(reason)"
        }
    }

    private static func list(_ keys: [String]) -> String {
        keys.isEmpty ? "(none)" : keys.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
