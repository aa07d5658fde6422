public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String)
    case badConfig(path: String, reason: String)
    case missingTensor(path: String, tensor: String)
    case unexpectedTensor(path: String, tensor: String)
    case shapeMismatch(path: String, tensor: String, expected: [Int], found: [Int])
    case untiedHead(path: String)

    public var description: String {
        switch self {
        case let .missingFile(path): return "\(path): no such file"
        case let .badConfig(path, reason): return "\(path): \(reason)"
        case let .missingTensor(path, tensor): return "\(path): tensor '\(tensor)' is missing"
        case let .unexpectedTensor(path, tensor): return "\(path): unexpected tensor '\(tensor)' (not a GPT-2 parameter)"
        case let .shapeMismatch(path, tensor, expected, found):
            return "\(path): tensor '\(tensor)' has shape \(found), the config needs \(expected)"
        case let .untiedHead(path):
            return "\(path): lm_head.weight differs from wte.weight; GPT-2 ties them and an untied head is not supported"
        }
    }
}
