import Foundation
import GRDB

/// One stored label, as statistics and export read it.
public struct StoredLabel: Sendable, Equatable {
    public var annotator: String
    public var taskID: Int64
    /// Indices into the task's completions, best first.
    public var ranking: [Int]
    /// Indices in the order they were shown (nil for imported labels with unknown layout).
    public var shownOrder: [Int]?
    public var confidence: Int?
    public var reason: String?
    public var seconds: Double?
    public var source: String
}

/// Everything the statistics and the export need, read in one transaction.
public struct LabelSnapshot: Sendable {
    public var tasks: [Int64: LabelTask]
    public var taskOrder: [Int64]
    public var labels: [StoredLabel]
    /// Skips per annotator name.
    public var skips: [String: Int]
    /// Every account that is not an admin.
    public var annotators: [String]
}

extension LabelDatabase {
    public func snapshot() async throws -> LabelSnapshot {
        try await read { db in
            let stored = try fetchTasks(db, sql: "SELECT * FROM task ORDER BY id", arguments: [])
            let labels = try Row.fetchAll(db, sql: """
                SELECT a.name, l.task_id, l.ranking, l.shown_order, l.confidence, l.reason, l.seconds, l.source
                FROM label l JOIN annotator a ON a.id = l.annotator_id ORDER BY l.id
                """).map { row in
                StoredLabel(annotator: row["name"], taskID: row["task_id"], ranking: try Self.decode([Int].self, row["ranking"]),
                            shownOrder: try (row["shown_order"] as String?).map { try Self.decode([Int].self, $0) },
                            confidence: row["confidence"], reason: row["reason"], seconds: row["seconds"], source: row["source"])
            }
            var skips: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT a.name, COUNT(*) AS n FROM skip s JOIN annotator a ON a.id = s.annotator_id GROUP BY a.name") {
                skips[row["name"]] = row["n"]
            }
            let annotators = try String.fetchAll(db, sql: "SELECT name FROM annotator WHERE is_admin = 0 ORDER BY name")
            return LabelSnapshot(tasks: Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0.task) }), taskOrder: stored.map(\.id),
                                 labels: labels, skips: skips, annotators: annotators)
        }
    }
}
