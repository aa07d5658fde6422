import Foundation

/// What `ceiling feedback stats` prints: the validation report and the label statistics of a file.
public struct PreferenceFileSummary: Sendable, Encodable {
    public var validation: PreferenceValidationReport
    public var statistics: PreferenceStatistics
}

/// Validates `url` and gathers its label statistics in one streaming pass. Throws
/// `PreferenceDataError` for an unreadable or malformed file and `.noRecords` when it holds no records.
public func summarizePreferences(url: URL, maxCharacters: Int = PreferenceValidator.defaultMaxCharacters) throws
    -> PreferenceFileSummary {
    var validator = PreferenceValidator(file: url.path, maxCharacters: maxCharacters)
    var statistics = PreferenceStatistics()
    try PreferenceReader(url: url).forEach { line, record in
        validator.add(record, line: line)
        statistics.add(record)
    }
    guard validator.report.records > 0 else { throw PreferenceDataError.noRecords(path: url.path) }
    return PreferenceFileSummary(validation: validator.report, statistics: statistics)
}
