import Foundation
import GRDB
import Feedback

/// What an annotator sees next: a task, the order its responses are shown in, and progress.
public struct QueueItem: Sendable, Equatable {
    public var task: StoredTask
    /// shownOrder[p] = index into task.completions of the response shown at position p.
    public var shownOrder: [Int]
    public var done: Int
    public var total: Int
}

extension LabelDatabase {
    /// Gives the annotator a queue position for every task they lack one for, in an order shuffled
    /// by the seed and the annotator's id (recorded in `queue`, so it is stable across restarts).
    public func ensureQueue(annotatorID: Int64, settings: LabelSettings) async throws {
        try await write { db in
            let queued = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM queue WHERE annotator_id = ?", arguments: [annotatorID]) ?? 0
            let tasks = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM task") ?? 0
            guard queued < tasks else { return }
            let missing = try Int64.fetchAll(db, sql: """
                SELECT id FROM task WHERE id NOT IN (SELECT task_id FROM queue WHERE annotator_id = ?) ORDER BY id
                """, arguments: [annotatorID])
            guard !missing.isEmpty else { return }
            var order = missing
            var random = WorldRandom(seed: settings.seed, stream: "label-queue-\(annotatorID)-\(missing.count)-\(missing[0])")
            random.shuffle(&order)
            let start = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position) + 1, 0) FROM queue WHERE annotator_id = ?",
                                         arguments: [annotatorID]) ?? 0
            let insert = try db.cachedStatement(sql: "INSERT INTO queue (annotator_id, position, task_id) VALUES (?, ?, ?)")
            for (offset, taskID) in order.enumerated() {
                try insert.execute(arguments: [annotatorID, start + offset, taskID])
            }
        }
    }

    /// The annotator's current item: a pending one (shown, not yet answered), else a QA item with
    /// probability `qaRate`, else the first task of their queue with fewer than `overlap` labels.
    /// Showing an item records its response order and the time it was first shown.
    public func nextItem(annotatorID: Int64, settings: LabelSettings, now: Date = Date()) async throws -> QueueItem? {
        try await write { db in
            let done = try doneCount(db, annotatorID)
            let pendingSQL = """
                SELECT a.task_id, a.shown_order FROM assignment a WHERE a.annotator_id = ?
                AND NOT EXISTS (SELECT 1 FROM label l WHERE l.annotator_id = a.annotator_id AND l.task_id = a.task_id)
                AND NOT EXISTS (SELECT 1 FROM skip s WHERE s.annotator_id = a.annotator_id AND s.task_id = a.task_id)
                ORDER BY a.shown_at LIMIT 1
                """
            let available = try availableRegular(db, annotatorID, settings)
            if let row = try Row.fetchOne(db, sql: pendingSQL, arguments: [annotatorID]),
               let task = try task(db, id: row["task_id"]) {
                let total = done + available + (task.task.isQA ? 1 : 0)
                return QueueItem(task: task, shownOrder: try Self.decode([Int].self, row["shown_order"]), done: done, total: total)
            }
            var draw = WorldRandom(seed: settings.seed, stream: "label-qa-\(annotatorID)-\(done)")
            let unseen = """
                FROM queue q JOIN task t ON t.id = q.task_id WHERE q.annotator_id = ?1
                AND NOT EXISTS (SELECT 1 FROM label l WHERE l.annotator_id = ?1 AND l.task_id = q.task_id)
                AND NOT EXISTS (SELECT 1 FROM skip s WHERE s.annotator_id = ?1 AND s.task_id = q.task_id)
                """
            var taskID: Int64?
            if draw.chance(settings.qaRate) {
                taskID = try Int64.fetchOne(db, sql: "SELECT q.task_id \(unseen) AND t.gold_best IS NOT NULL ORDER BY q.position LIMIT 1",
                                            arguments: [annotatorID])
            }
            if taskID == nil {
                taskID = try Int64.fetchOne(db, sql: """
                    SELECT q.task_id \(unseen) AND t.gold_best IS NULL AND t.label_count < ?2 ORDER BY q.position LIMIT 1
                    """, arguments: [annotatorID, settings.overlap])
            }
            guard let taskID, let task = try task(db, id: taskID) else { return nil }
            var order = Array(task.task.completions.indices)
            var shuffle = WorldRandom(seed: settings.seed, stream: "label-order-\(annotatorID)-\(taskID)")
            shuffle.shuffle(&order)
            try db.execute(sql: "INSERT INTO assignment (annotator_id, task_id, shown_order, shown_at) VALUES (?, ?, ?, ?)",
                           arguments: [annotatorID, taskID, try Self.json(order), now.timeIntervalSince1970])
            return QueueItem(task: task, shownOrder: order, done: done, total: done + available + (task.task.isQA ? 1 : 0))
        }
    }

    func doneCount(_ db: Database, _ annotatorID: Int64) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM label WHERE annotator_id = ?1) + (SELECT COUNT(*) FROM skip WHERE annotator_id = ?1)
            """, arguments: [annotatorID]) ?? 0
    }

    /// Regular tasks this annotator has not answered that still need labels: the open tasks, less
    /// the open ones they answered (a short list), so the cost does not grow with their history.
    func availableRegular(_ db: Database, _ annotatorID: Int64, _ settings: LabelSettings) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM task WHERE gold_best IS NULL AND label_count < ?2)
                 - (SELECT COUNT(*) FROM task t WHERE t.gold_best IS NULL AND t.label_count < ?2 AND t.id IN
                      (SELECT task_id FROM label WHERE annotator_id = ?1 UNION SELECT task_id FROM skip WHERE annotator_id = ?1))
            """, arguments: [annotatorID, settings.overlap]) ?? 0
    }
}

extension LabelDatabase {
    /// Labels plus skips of one annotator.
    public func answeredCount(annotatorID: Int64) async throws -> Int {
        try await read { db in try doneCount(db, annotatorID) }
    }
}
