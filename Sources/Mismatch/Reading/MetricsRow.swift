import Foundation

/// One line of metrics.jsonl: its index (`step`, or best-of-n's `n`), its figures, and its line number.
public struct MetricsRow: Equatable, Sendable {
    public var index: Int
    public var line: Int
    public var values: [String: Double]

    public init(index: Int, line: Int, values: [String: Double]) {
        self.index = index
        self.line = line
        self.values = values
    }

    public subscript(key: String) -> Double? { values[key] }

    /// The rows of a metrics file. DESIGN.md §5 makes every figure a number: any other value (a string,
    /// a boolean, a list) is an error naming the line and field; null counts as absent. The index must
    /// be a whole number and strictly increase from row to row (a resumed run drops the rows it redoes).
    static func read(_ url: URL, indexKey: String) throws -> [MetricsRow] {
        var rows: [MetricsRow] = []
        for object in try JSONObject.readLines(url) {
            let index = try object.requiredInteger(indexKey)
            var values: [String: Double] = [:]
            for key in object.fields.keys.sorted() { values[key] = try object.number(key) }
            let line = object.line ?? 0
            if let previous = rows.last, index <= previous.index {
                throw MismatchError.invalidValue(path: url.path, line: line, field: indexKey,
                                                 reason: "\(index) does not follow \(previous.index) of line \(previous.line)")
            }
            rows.append(MetricsRow(index: index, line: line, values: values))
        }
        return rows
    }
}
