import Foundation

/// Builds a `PreferenceValidationReport` one record at a time, so a file of any size is validated
/// in one streaming pass. Memory grows only by two 64-bit fingerprints per record (to find
/// duplicates and contradictions), never by the records themselves.
public struct PreferenceValidator {
    public private(set) var report: PreferenceValidationReport
    private var firstLineOfRecord: [UInt64: Int] = [:]
    private var firstLineOfPair: [UInt64: Int] = [:]

    public init(file: String, maxCharacters: Int = PreferenceValidator.defaultMaxCharacters) {
        report = PreferenceValidationReport(file: file, maxCharacters: maxCharacters)
    }

    /// Default over-long threshold: about 2,500 tokens of English, beyond the context of most
    /// reward models trained with TRL's default `max_length`.
    public static let defaultMaxCharacters = 10_000

    public mutating func add(_ record: PreferenceRecord, line: Int) {
        report.records += 1
        report.countsByFormat[record.format.rawValue, default: 0] += 1

        let fingerprint = Self.fingerprint(record.orderedJSON)
        if let earlier = firstLineOfRecord[fingerprint] {
            report.duplicates.record(line: line, earlierLine: earlier)
        } else {
            firstLineOfRecord[fingerprint] = line
        }

        var texts: [PreferenceText] = []
        func check(_ text: PreferenceText?, field: String) {
            guard let text else { return }
            texts.append(text)
            if text.isBlank { report.emptyFields[field, default: PreferenceIssueSummary()].record(line: line) }
        }
        check(record.prompt, field: "prompt")
        switch record {
        case .pair(let pair):
            check(pair.chosen, field: "chosen")
            check(pair.rejected, field: "rejected")
            if pair.chosen == pair.rejected { report.identicalCompletions.record(line: line) }
            checkContradiction(pair, line: line)
        case .unpaired(let feedback):
            check(feedback.completion, field: "completion")
        case .ranking(let ranked):
            // One issue per record, however many of its completions are blank.
            let blank = ranked.completions.contains(where: \.isBlank)
            if blank { report.emptyFields["completions", default: PreferenceIssueSummary()].record(line: line) }
            texts += ranked.completions
            if Set(ranked.completions).count < ranked.completions.count { report.identicalCompletions.record(line: line) }
        }
        if texts.reduce(0, { $0 + $1.characterCount }) > report.maxCharacters {
            report.overLong.record(line: line)
        }
    }

    /// A pair contradicts an earlier one when it has the same prompt and the two completions swapped,
    /// whoever labelled them.
    private mutating func checkContradiction(_ pair: PreferencePair, line: Int) {
        func key(_ chosen: PreferenceText, _ rejected: PreferenceText) -> UInt64 {
            Self.fingerprint(.array([pair.prompt?.orderedJSON ?? .bool(false), chosen.orderedJSON, rejected.orderedJSON]))
        }
        guard pair.chosen != pair.rejected else { return }
        if let earlier = firstLineOfPair[key(pair.rejected, pair.chosen)] {
            report.contradictions.record(line: line, earlierLine: earlier)
        }
        let own = key(pair.chosen, pair.rejected)
        if firstLineOfPair[own] == nil { firstLineOfPair[own] = line }
    }

    /// FNV-1a (64 bits) of the canonical serialization: stable across runs, and the chance that two
    /// different records of a million-record file collide is about 3 in 100 million.
    static func fingerprint(_ json: OrderedJSON) -> UInt64 {
        // Non-finite scores never come from a file (JSON cannot hold them); hash their description.
        let text = (try? json.serialized()) ?? String(describing: json)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// Reads `url` in one streaming pass and reports duplicates, empty fields, chosen == rejected,
/// contradicting pairs and records over `maxCharacters`. Throws `PreferenceDataError` for an
/// unreadable or malformed file (naming the line) and `.noRecords` for a file without records.
public func validatePreferences(url: URL, maxCharacters: Int = PreferenceValidator.defaultMaxCharacters) throws
    -> PreferenceValidationReport {
    try summarizePreferences(url: url, maxCharacters: maxCharacters).validation
}
