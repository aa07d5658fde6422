import Foundation
import Feedback

/// `ceiling label export`: labels as preference JSONL that `ceiling reward train` reads.
/// Rows carry the conventional keys (`prompt`, `chosen`/`rejected` or `completions`/`ranking`,
/// `annotator`, `family`) plus `confidence` and `reason` (per-annotator rows) or `votes` and
/// `agreement` (majority rows); readers ignore keys their format does not use.
public enum LabelExport {
    public enum Mode: String, CaseIterable, Sendable {
        /// One row per label.
        case annotator
        /// One row per task: the majority choice (pairs) or the Borda ranking (k > 2); ties are left out.
        case majority
    }

    public struct Summary: Equatable, Sendable {
        public var rows = 0
        /// Majority mode: tasks whose votes tie.
        public var ties = 0
        /// QA items left out (unless included).
        public var qaLabels = 0
    }

    struct Row: Encodable {
        var prompt: String
        var chosen: String?
        var rejected: String?
        var completions: [String]?
        var ranking: [Int]?
        var annotator: String
        var family: String?
        var confidence: Int?
        var reason: String?
        var votes: Int?
        var agreement: Double?

        init(task: LabelTask, ranking: [Int], annotator: String) {
            prompt = task.prompt
            family = task.family
            self.annotator = annotator
            if task.completions.count == 2 {
                chosen = task.completions[ranking[0]]
                rejected = task.completions[ranking[1]]
            } else {
                completions = task.completions
                self.ranking = ranking
            }
        }
    }

    /// The rows of a snapshot, in task order, then label order.
    static func rows(_ snapshot: LabelSnapshot, mode: Mode, includeQA: Bool) -> ([Row], Summary) {
        var summary = Summary()
        var rows: [Row] = []
        let byTask = Dictionary(grouping: snapshot.labels, by: \.taskID)
        for taskID in snapshot.taskOrder {
            guard let task = snapshot.tasks[taskID], let labels = byTask[taskID] else { continue }
            if task.isQA, !includeQA {
                summary.qaLabels += labels.count
                continue
            }
            switch mode {
            case .annotator:
                for label in labels {
                    var row = Row(task: task, ranking: label.ranking, annotator: label.annotator)
                    row.confidence = label.confidence
                    row.reason = label.reason
                    rows.append(row)
                }
            case .majority:
                guard let ranking = bordaRanking(labels.map(\.ranking), k: task.completions.count) else {
                    summary.ties += 1
                    continue
                }
                var row = Row(task: task, ranking: ranking, annotator: "majority")
                row.votes = labels.count
                row.agreement = Double(labels.filter { $0.ranking.first == ranking.first }.count) / Double(labels.count)
                rows.append(row)
            }
        }
        summary.rows = rows.count
        return (rows, summary)
    }

    /// Borda count (k − 1 points for first place … 0 for last), best first; nil if any two tie.
    /// For a pair this is the majority vote.
    static func bordaRanking(_ rankings: [[Int]], k: Int) -> [Int]? {
        var points = [Int](repeating: 0, count: k)
        for ranking in rankings { for (place, index) in ranking.enumerated() { points[index] += k - 1 - place } }
        guard Set(points).count == k else { return nil }
        return (0..<k).sorted { points[$0] > points[$1] }
    }

    /// Writes the file atomically; refuses to write an empty one.
    @discardableResult
    public static func write(_ snapshot: LabelSnapshot, mode: Mode, includeQA: Bool = false, to url: URL) throws -> Summary {
        let (rows, summary) = rows(snapshot, mode: mode, includeQA: includeQA)
        guard !rows.isEmpty else { throw LabelError.nothingToExport(path: url.path) }
        let writer = try JSONLWriter(url: url)
        for row in rows { try writer.write(row) }
        try writer.finish()
        return summary
    }
}
