import Foundation

/// Why a run directory (or one of its files) could not be read. Every case names the file, and the
/// line and field where there is one, so a user can open the file and see the problem.
public enum MismatchError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The path is not a directory, or has neither metrics.jsonl nor config.json.
    case notARunDirectory(path: String)
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    /// The file (line nil) or a line of a JSONL file is not a JSON object.
    case malformedJSON(path: String, line: Int?, reason: String)
    case missingField(path: String, line: Int?, field: String)
    case wrongType(path: String, line: Int?, field: String, expected: String)
    case invalidValue(path: String, line: Int?, field: String, reason: String)
    /// config.json names a method this module cannot read (e.g. `dpo`, which has no KL curve).
    case unsupportedMethod(path: String, method: String)
    /// The metrics file has no row that the analysis needs (e.g. no held-out evaluation).
    case noRows(path: String, what: String)
    case writeFailed(path: String, reason: String)
    case noRuns

    public var description: String {
        func at(_ path: String, _ line: Int?) -> String { line.map { "\(path):\($0)" } ?? path }
        switch self {
        case .notARunDirectory(let path):
            return "\(path): not a run directory (expected config.json and metrics.jsonl)"
        case .missingFile(let path): return "\(path): file not found"
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .malformedJSON(let path, let line, let reason): return "\(at(path, line)): not a JSON object: \(reason)"
        case .missingField(let path, let line, let field): return "\(at(path, line)): missing field \"\(field)\""
        case .wrongType(let path, let line, let field, let expected):
            return "\(at(path, line)): field \"\(field)\" should be \(expected)"
        case .invalidValue(let path, let line, let field, let reason):
            return "\(at(path, line)): field \"\(field)\": \(reason)"
        case .unsupportedMethod(let path, let method):
            return "\(path): method \"\(method)\" has no overoptimization curve (supported: online methods with held-out evaluation, bon)"
        case .noRows(let path, let what): return "\(path): no \(what)"
        case .writeFailed(let path, let reason): return "\(path): cannot write: \(reason)"
        case .noRuns: return "no run directories given"
        }
    }

    public var errorDescription: String? { description }
}
