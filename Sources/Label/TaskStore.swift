import Foundation
import GRDB
import Feedback

/// A task as stored, with its row id.
public struct StoredTask: Sendable, Equatable {
    public var id: Int64
    public var task: LabelTask
}

extension LabelDatabase {
    /// Adds tasks whose key is new; returns how many were added (reloading a file adds nothing).
    @discardableResult
    public func addTasks(_ tasks: [LabelTask]) async throws -> Int {
        try await write { db in try tasks.reduce(0) { added, task in added + (try insertTask(db, task) == nil ? 0 : 1) } }
    }

    /// Inserts a task unless its key exists; returns the new row id, or nil when it existed.
    func insertTask(_ db: Database, _ task: LabelTask) throws -> Int64? {
        try db.execute(sql: """
            INSERT OR IGNORE INTO task (key, prompt, completions, family, gold_best, scores) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [task.key, task.prompt, try Self.json(task.completions), task.family, task.goldBest,
                             try task.scores.map { try Self.json($0) }])
        return db.changesCount == 0 ? nil : db.lastInsertedRowID
    }

    public func tasks() async throws -> [StoredTask] {
        try await read { db in try fetchTasks(db, sql: "SELECT * FROM task ORDER BY id", arguments: []) }
    }

    func task(_ db: Database, id: Int64) throws -> StoredTask? {
        try fetchTasks(db, sql: "SELECT * FROM task WHERE id = ?", arguments: [id]).first
    }

    func fetchTasks(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StoredTask] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            StoredTask(id: row["id"], task: LabelTask(
                key: row["key"], prompt: row["prompt"], completions: try Self.decode([String].self, row["completions"]),
                family: row["family"], goldBest: row["gold_best"],
                scores: try (row["scores"] as String?).map { try Self.decode([Double].self, $0) }))
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
