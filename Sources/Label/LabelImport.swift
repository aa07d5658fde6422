import Foundation
import Feedback

/// `ceiling label import`: a simulated pool's labels (both labels of double-labeled items) go into
/// the database as if annotators had given them, so that `label stats` can be compared with the
/// simulator's own AgreementReport on the same tasks.
public enum LabelImport {
    /// Appended to a simulated annotator's name when the same type labels an item twice.
    public static let secondPersonSuffix = "/2"

    public struct Summary: Equatable, Sendable {
        public var tasks = 0
        public var labels = 0
    }

    /// Stores each item as a task (key `PREFIX-INDEX`, the world's gold rewards as `scores`) and its
    /// labels under the simulated annotators' names (source "simulated", shown in stored order).
    @discardableResult
    public static func simulated(_ items: [LabeledItem], keyPrefix: String, into database: LabelDatabase,
                                 now: Date = Date()) async throws -> Summary {
        try await database.write { db in
            var summary = Summary()
            for (index, item) in items.enumerated() {
                let task = LabelTask(key: "\(keyPrefix)-\(index)", prompt: item.promptText, completions: item.completions,
                                     family: item.prompt.family.rawValue, scores: item.gold.map(\.total))
                guard let taskID = try database.insertTask(db, task) else {
                    throw LabelError.invalidSetting(name: "--key-prefix", reason: "task \(task.key) is already in the database; use another prefix")
                }
                summary.tasks += 1
                var labels = [(item.annotator, item.ranking)]
                if let second = item.secondAnnotator, let ranking = item.secondRanking {
                    // A pool draws annotator *types*; the same type drawn twice is a second person of it.
                    labels.append((second == item.annotator ? second + secondPersonSuffix : second, ranking))
                }
                let shown = try LabelDatabase.json(Array(item.completions.indices))
                for (name, ranking) in labels {
                    let annotatorID = try database.annotatorID(db, name: name, now: now)
                    try db.execute(sql: """
                        INSERT INTO label (annotator_id, task_id, ranking, shown_order, created_at, source)
                        VALUES (?, ?, ?, ?, ?, 'simulated')
                        """, arguments: [annotatorID, taskID, try LabelDatabase.json(ranking), shown, now.timeIntervalSince1970])
                    summary.labels += 1
                }
            }
            return summary
        }
    }

    /// The simulator's report over every label stored (first and second), and its
    /// inter-annotator agreement over double-labeled items: the figures `label stats` reproduces.
    public static func referenceReport(_ items: [LabeledItem], pool: AnnotatorPool) -> AgreementReport {
        var all = items
        for item in items {
            if let second = item.secondAnnotator, let ranking = item.secondRanking {
                var copy = item
                copy.annotator = second
                copy.ranking = ranking
                copy.secondAnnotator = nil
                copy.secondRanking = nil
                all.append(copy)
            }
        }
        var report = AgreementReport(annotators: pool.name, items: all, triggers: pool.annotators.compactMap(\.trigger))
        report.interAnnotatorAgreement = AgreementReport(annotators: pool.name, items: items, triggers: []).interAnnotatorAgreement
        return report
    }
}
