/// How the server hands out work. Stored nowhere: `serve` takes them as options each start.
public struct LabelSettings: Sendable, Equatable {
    /// Labels wanted per (non-QA) task: r annotators see each task.
    public var overlap = 1
    /// Probability that the next item is a QA (gold/attention) item, while unseen ones remain.
    public var qaRate = 0.1
    /// Seeds every annotator's queue order, the order responses are shown in, and QA draws.
    public var seed: UInt64 = 1
    /// Longest accepted reason (characters) for a label or a skip.
    public var maxReasonCharacters = 1000
    /// Largest accepted request body (bytes).
    public var maxBodyBytes = 16_384

    public init(overlap: Int = 1, qaRate: Double = 0.1, seed: UInt64 = 1) {
        self.overlap = overlap
        self.qaRate = qaRate
        self.seed = seed
    }

    public func validated() throws -> LabelSettings {
        guard overlap >= 1 else { throw LabelError.invalidSetting(name: "--overlap", reason: "must be at least 1") }
        guard (0...1).contains(qaRate) else { throw LabelError.invalidSetting(name: "--qa-rate", reason: "must be between 0 and 1") }
        return self
    }
}

/// A request the server refuses: an HTTP status and a message for the person (nothing was written).
public struct LabelRequestError: Error, Equatable, CustomStringConvertible {
    public var status: Int
    public var message: String
    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }
    public var description: String { "\(status): \(message)" }

    static func badRequest(_ message: String) -> Self { .init(400, message) }
    static let unauthorized = Self(401, "log in with your token first")
    static func forbidden(_ message: String) -> Self { .init(403, message) }
    static func notFound(_ message: String) -> Self { .init(404, message) }
    static func conflict(_ message: String) -> Self { .init(409, message) }
}
