import Foundation

/// Why an optimization run cannot go on, naming the setting, file or step.
public enum OptimizeError: Error, CustomStringConvertible, Equatable {
    case invalidBatch(reason: String)
    case invalidSetting(name: String, reason: String)

    public var description: String {
        switch self {
        case .invalidBatch(let reason): return "invalid batch: \(reason)"
        case .invalidSetting(let name, let reason): return "invalid setting \(name): \(reason)"
        }
    }
}
