import Foundation

/// Why a PPO update or a PPO checkpoint cannot go on.
public enum PPOError: Error, CustomStringConvertible, Equatable {
    /// A rollout whose fields do not line up (names the field and row).
    case invalidRollout(reason: String)
    /// The value model cannot read the policy's tokens (vocabulary or context differ).
    case incompatibleValueModel(reason: String)
    /// A method-state file that is missing or not what PPO wrote.
    case badState(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidRollout(let reason): return "invalid rollout: \(reason)"
        case .incompatibleValueModel(let reason): return "value model: \(reason)"
        case .badState(let path, let reason): return "\(path): \(reason)"
        }
    }
}
