// The validation report: what is wrong with a preference file, with line numbers, instead of
// rows silently dropped.

/// How often one kind of problem occurs and where (the first `PreferenceIssueSummary.lineLimit` lines).
public struct PreferenceIssueSummary: Codable, Sendable, Equatable {
    public static let lineLimit = 10

    public var count = 0
    /// 1-based lines of the first occurrences.
    public var lines: [Int] = []
    /// For duplicates and contradictions: the earlier line each of `lines` repeats or contradicts.
    public var earlierLines: [Int]?

    public init() {}

    mutating func record(line: Int, earlierLine: Int? = nil) {
        count += 1
        guard lines.count < Self.lineLimit else { return }
        lines.append(line)
        if let earlierLine { earlierLines = (earlierLines ?? []) + [earlierLine] }
    }
}

/// The result of `validatePreferences(url:maxCharacters:)`. Issues do not stop the reading: every
/// record is counted and every problem is listed with its lines.
public struct PreferenceValidationReport: Codable, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var records = 0
    /// Records per format, keyed by `PreferenceFormat.rawValue`.
    public var countsByFormat: [String: Int] = [:]
    /// Threshold of `overLong`, in characters (Unicode code points) over all of a record's texts.
    public var maxCharacters: Int
    /// Records identical to an earlier record in every field.
    public var duplicates = PreferenceIssueSummary()
    /// Blank (empty or all-whitespace) texts, keyed by field: `prompt`, `chosen`, `rejected`,
    /// `completion`, `completions`.
    public var emptyFields: [String: PreferenceIssueSummary] = [:]
    /// Pairs whose chosen and rejected are the same text, and rankings holding a text twice.
    public var identicalCompletions = PreferenceIssueSummary()
    /// Pairs that repeat an earlier pair (same prompt) with chosen and rejected swapped.
    public var contradictions = PreferenceIssueSummary()
    /// Records longer than `maxCharacters`.
    public var overLong = PreferenceIssueSummary()

    public init(file: String, maxCharacters: Int) {
        self.file = file
        self.maxCharacters = maxCharacters
    }

    /// Number of problems of every kind together.
    public var issueCount: Int {
        duplicates.count + identicalCompletions.count + contradictions.count + overLong.count
            + emptyFields.values.reduce(0) { $0 + $1.count }
    }

    public var description: String {
        var lines = ["\(file): \(records) record\(records == 1 ? "" : "s")"]
        let formats = PreferenceFormat.allCases.compactMap { format -> String? in
            guard let count = countsByFormat[format.rawValue] else { return nil }
            return "\(format.rawValue) \(count)"
        }
        lines.append("  formats: " + formats.joined(separator: ", "))
        if issueCount == 0 {
            lines.append("  no issues found")
            return lines.joined(separator: "\n")
        }
        lines.append("  issues: \(issueCount)")
        func add(_ title: String, _ summary: PreferenceIssueSummary, _ relation: String = "") {
            guard summary.count > 0 else { return }
            var places = summary.lines.map(String.init)
            if let earlier = summary.earlierLines {
                places = zip(summary.lines, earlier).map { "\($0) \(relation) \($1)" }
            }
            let more = summary.count > summary.lines.count ? ", …" : ""
            lines.append("    \(title): \(summary.count) (line\(summary.lines.count == 1 ? "" : "s") \(places.joined(separator: ", "))\(more))")
        }
        add("duplicate records", duplicates, "repeats")
        for field in emptyFields.keys.sorted() {
            add("empty \"\(field)\"", emptyFields[field] ?? PreferenceIssueSummary())
        }
        add("chosen == rejected (or repeated completions)", identicalCompletions)
        add("contradicting pairs (chosen and rejected swapped)", contradictions, "contradicts")
        add("over \(maxCharacters) characters", overLong)
        return lines.joined(separator: "\n")
    }
}
