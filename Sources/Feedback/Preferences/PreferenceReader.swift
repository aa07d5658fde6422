import Foundation

/// Streaming reader of preference JSONL: one record per line, in any of the formats of
/// `PreferenceFormat` (detected per line by its keys), read line by line without loading the file.
/// Errors are `PreferenceDataError`s naming the file, the 1-based line and the field.
public struct PreferenceReader {
    private let lines: JSONLReader

    public var url: URL { lines.url }

    /// Throws `PreferenceDataError.unreadableFile` when `url` is missing, a directory or unreadable.
    public init(url: URL) throws {
        lines = try JSONLReader(url: url)
    }

    /// Calls `body` with each record and its line number, stopping at the first malformed line.
    public func forEach(_ body: (Int, PreferenceRecord) throws -> Void) throws {
        try lines.forEach(PreferenceRecord.self, body)
    }

    /// Every record of the file, in order (an empty file gives an empty array).
    public static func readAll(url: URL) throws -> [PreferenceRecord] {
        var records: [PreferenceRecord] = []
        try PreferenceReader(url: url).forEach { _, record in records.append(record) }
        return records
    }
}
