import Foundation
import Feedback

/// One thing to label: a prompt and k ≥ 2 responses (a pair, or a set to rank).
/// QA (gold/attention) items carry `goldBest`, the index of the response a careful annotator picks.
public struct LabelTask: Codable, Equatable, Sendable {
    /// Stable identifier: the file's `id`, or a hash of the prompt and responses.
    public var key: String
    public var prompt: String
    public var completions: [String]
    public var family: String?
    /// QA items only: index into `completions` of the right answer.
    public var goldBest: Int?
    /// Optional reference rewards per completion (the synthetic world's gold), for evaluation only.
    public var scores: [Double]?

    public init(key: String? = nil, prompt: String, completions: [String], family: String? = nil,
                goldBest: Int? = nil, scores: [Double]? = nil) {
        self.prompt = prompt
        self.completions = completions
        self.family = family
        self.goldBest = goldBest
        self.scores = scores
        self.key = key ?? Self.contentKey(prompt: prompt, completions: completions)
    }

    public var isQA: Bool { goldBest != nil }

    /// A key derived from the content, so loading the same file twice adds nothing.
    public static func contentKey(prompt: String, completions: [String]) -> String {
        "t" + String(SHA256.hex(([prompt] + completions).joined(separator: "\u{1F}")).prefix(16))
    }
}

/// Reads `{"prompt", "completions": [...], "id"?, "family"?, "gold"?, "scores"?}` lines.
/// `gold` (an index into `completions`) marks a QA item. Extra keys (`logprobs`, …) are ignored,
/// so the output of `ceiling generate` is a valid tasks file.
public enum LabelTaskFile {
    private struct Line: Decodable {
        var prompt: String
        var completions: [String]
        var id: String?
        var family: String?
        var gold: Int?
        var scores: [Double]?
    }

    public static let maxCompletions = 9

    public static func read(url: URL) throws -> [LabelTask] {
        var tasks: [LabelTask] = []
        var firstLineOfKey: [String: Int] = [:]
        do {
            try JSONLReader(url: url).forEach(Line.self) { line, row in
                func invalid(_ field: String, _ reason: String) -> LabelError {
                    .invalidTask(path: url.path, line: line, field: field, reason: reason)
                }
                guard (2...maxCompletions).contains(row.completions.count) else {
                    throw invalid("completions", "needs 2 to \(maxCompletions) responses, found \(row.completions.count)")
                }
                if let gold = row.gold, !row.completions.indices.contains(gold) {
                    throw invalid("gold", "\(gold) is not an index into completions (0..<\(row.completions.count))")
                }
                if let scores = row.scores, scores.count != row.completions.count {
                    throw invalid("scores", "has \(scores.count) values for \(row.completions.count) completions")
                }
                if let id = row.id, id.isEmpty || id.count > 200 { throw invalid("id", "must have 1 to 200 characters") }
                let task = LabelTask(key: row.id, prompt: row.prompt, completions: row.completions, family: row.family,
                                     goldBest: row.gold, scores: row.scores)
                if let first = firstLineOfKey[task.key] {
                    throw LabelError.duplicateTaskID(path: url.path, line: line, id: task.key, firstLine: first)
                }
                firstLineOfKey[task.key] = line
                tasks.append(task)
            }
        } catch let error as PreferenceDataError {
            if case .unreadableFile(let path, let reason) = error { throw LabelError.unreadableFile(path: path, reason: reason) }
            throw error
        }
        guard !tasks.isEmpty else { throw LabelError.noTasks(path: url.path) }
        return tasks
    }
}
