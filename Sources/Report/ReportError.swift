import Foundation

/// Why a report could not be built; every case names the file (and line) at fault.
public enum ReportError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case noRuns
    case notARunDirectory(path: String)
    case unreadable(path: String)
    case invalidJSON(path: String, line: Int?, reason: String)
    case writeFailed(path: String, reason: String)
    case sampling(run: String, reason: String)

    public var description: String {
        switch self {
        case .noRuns: return "no run directories given"
        case .notARunDirectory(let path): return "\(path): not a run directory (no config.json)"
        case .unreadable(let path): return "\(path): cannot read the file"
        case .invalidJSON(let path, let line, let reason): return "\(path)\(line.map { ":\($0)" } ?? ""): invalid JSON: \(reason)"
        case .writeFailed(let path, let reason): return "\(path): cannot write the report: \(reason)"
        case .sampling(let run, let reason): return "\(run): cannot sample completions: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
