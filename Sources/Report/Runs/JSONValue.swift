import Foundation

/// Any JSON value, for reading the configs and summaries of every kind of run without knowing their
/// types (the report reads what a run recorded and says "not recorded" for what it did not).
public enum JSONValue: Equatable, Sendable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    /// `a.b.c` through nested objects.
    public func at(_ path: String) -> JSONValue? {
        path.split(separator: ".").reduce(Optional(self)) { $0?[String($1)] }
    }

    public var double: Double? { if case .number(let v) = self { return v }; return nil }
    public var int: Int? { double.flatMap { $0.rounded() == $0 && abs($0) < 1e15 ? Int($0) : nil } }
    public var string: String? { if case .string(let v) = self { return v }; return nil }
    public var bool: Bool? { if case .bool(let v) = self { return v }; return nil }
    public var array: [JSONValue]? { if case .array(let v) = self { return v }; return nil }
    public var object: [String: JSONValue]? { if case .object(let v) = self { return v }; return nil }

    /// A short human-readable form of a scalar (or a compact list of scalars).
    public var display: String {
        switch self {
        case .null: return "null"
        case .bool(let v): return v ? "yes" : "no"
        case .number(let v): return NumberFormat.short(v, digits: 4)
        case .string(let v): return v
        case .array(let items): return items.map(\.display).joined(separator: ", ")
        case .object(let fields): return fields.keys.sorted().map { "\($0): \(fields[$0]!.display)" }.joined(separator: "; ")
        }
    }

    /// Reads a whole JSON file; errors name the file.
    public static func read(_ url: URL) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ReportError.unreadable(path: url.path) }
        do { return try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw ReportError.invalidJSON(path: url.path, line: nil, reason: Self.reason(error))
        }
    }

    static func reason(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
        }
        return "\(error)"
    }
}
