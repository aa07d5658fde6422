import Foundation

/// One line of metrics.jsonl: `step` (an integer) and named figures. Non-finite figures are left
/// out (JSON has no NaN); the loop refuses non-finite losses before they get here.
public struct OnlineMetricsRow: Codable, Equatable, Sendable {
    public var step: Int
    public var values: [String: Double]

    public init(step: Int, values: [String: Double] = [:]) {
        self.step = step
        self.values = values
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(step, forKey: Key(stringValue: "step"))
        for (name, value) in values where value.isFinite && name != "step" {
            try container.encode(value, forKey: Key(stringValue: name))
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        step = try container.decode(Int.self, forKey: Key(stringValue: "step"))
        values = [:]
        for key in container.allKeys where key.stringValue != "step" {
            if let value = try? container.decode(Double.self, forKey: key) { values[key.stringValue] = value }
        }
    }

    /// Every row of a metrics.jsonl file (a torn last line is skipped).
    public static func read(from url: URL) throws -> [OnlineMetricsRow] {
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(OnlineMetricsRow.self, from: Data($0)) }
    }
}
