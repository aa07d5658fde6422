import Foundation
import GRDB

/// A label as the page sends it: the task and the shown positions (1-based) best first.
public struct LabelSubmission: Sendable, Equatable {
    public var taskID: Int64
    /// Shown positions, best first. For a pair one position (the chosen one) is enough.
    public var positions: [Int]
    public var confidence: Int?
    public var reason: String?

    public init(taskID: Int64, positions: [Int], confidence: Int? = nil, reason: String? = nil) {
        self.taskID = taskID
        self.positions = positions
        self.confidence = confidence
        self.reason = reason
    }

    public static let confidenceRange = 1...4
}

extension LabelDatabase {
    /// Stores a label after checking everything; on any refusal nothing is written.
    /// Returns the label's row id.
    @discardableResult
    public func submit(_ submission: LabelSubmission, annotatorID: Int64, settings: LabelSettings,
                       now: Date = Date()) async throws -> Int64 {
        if let confidence = submission.confidence, !LabelSubmission.confidenceRange.contains(confidence) {
            throw LabelRequestError.badRequest("confidence must be 1 to 4, got \(confidence)")
        }
        let reason = try checkedReason(submission.reason, settings: settings, required: false)
        return try await write { db in
            let (task, shownOrder, shownAt) = try assigned(db, submission.taskID, annotatorID)
            let k = task.task.completions.count
            var positions = submission.positions
            if k == 2, positions.count == 1, let first = positions.first { positions.append(3 - first) }
            guard positions.count == k, Set(positions) == Set(1...k) else {
                throw LabelRequestError.badRequest("ranking must list each of the positions 1 to \(k) once, got \(submission.positions)")
            }
            let ranking = positions.map { shownOrder[$0 - 1] }
            try db.execute(sql: """
                INSERT INTO label (annotator_id, task_id, ranking, shown_order, confidence, reason, seconds, created_at, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'web')
                """, arguments: [annotatorID, task.id, try Self.json(ranking), try Self.json(shownOrder), submission.confidence,
                                 reason, max(0, now.timeIntervalSince1970 - shownAt), now.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    /// Records that the annotator skipped the task, with their reason (required).
    public func skip(taskID: Int64, reason: String?, annotatorID: Int64, settings: LabelSettings, now: Date = Date()) async throws {
        let reason = try checkedReason(reason, settings: settings, required: true)
        try await write { db in
            let (task, _, _) = try assigned(db, taskID, annotatorID)
            try db.execute(sql: "INSERT INTO skip (annotator_id, task_id, reason, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [annotatorID, task.id, reason, now.timeIntervalSince1970])
        }
    }

    /// The task if it exists, was shown to this annotator and has no answer from them yet.
    private func assigned(_ db: Database, _ taskID: Int64, _ annotatorID: Int64) throws -> (StoredTask, [Int], Double) {
        guard let task = try task(db, id: taskID) else { throw LabelRequestError.notFound("unknown task \(taskID)") }
        guard let row = try Row.fetchOne(db, sql: "SELECT shown_order, shown_at FROM assignment WHERE annotator_id = ? AND task_id = ?",
                                         arguments: [annotatorID, taskID]) else {
            throw LabelRequestError.conflict("task \(taskID) is not in your queue yet")
        }
        let answered = try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM label WHERE annotator_id = ?1 AND task_id = ?2)
                 + (SELECT COUNT(*) FROM skip WHERE annotator_id = ?1 AND task_id = ?2)
            """, arguments: [annotatorID, taskID]) ?? 0
        guard answered == 0 else { throw LabelRequestError.conflict("task \(taskID) was already answered (double submission)") }
        return (task, try Self.decode([Int].self, row["shown_order"]), row["shown_at"])
    }

    private func checkedReason(_ reason: String?, settings: LabelSettings, required: Bool) throws -> String? {
        let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.isEmpty {
            if required { throw LabelRequestError.badRequest("a skip needs a reason") }
            return nil
        }
        guard trimmed.unicodeScalars.count <= settings.maxReasonCharacters else {
            throw LabelRequestError.badRequest("reason is \(trimmed.unicodeScalars.count) characters; at most \(settings.maxReasonCharacters) are accepted")
        }
        return trimmed
    }
}
