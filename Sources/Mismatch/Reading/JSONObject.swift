import Foundation

/// A JSON object read from a file (or one line of a JSONL file) that remembers where it came from,
/// so every typed accessor can throw an error naming the file, line and field.
struct JSONObject {
    let fields: [String: Any]
    let path: String
    let line: Int?
    /// For a nested object: its path in the file (`accuracy.`), so errors name `accuracy.pairs`.
    var prefix = ""

    static func read(_ url: URL) throws -> JSONObject {
        let data = try readData(url)
        return try parse(data, path: url.path, line: nil)
    }

    /// One object per non-blank line; lines are numbered from 1 as editors do.
    static func readLines(_ url: URL) throws -> [JSONObject] {
        let data = try readData(url)
        guard let text = String(data: data, encoding: .utf8) else {
            throw MismatchError.unreadable(path: url.path, reason: "not UTF-8 text")
        }
        var objects: [JSONObject] = []
        // "\r\n" is one Character in Swift: split on both line ends.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, line) in lines.enumerated() {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            objects.append(try parse(Data(line.utf8), path: url.path, line: index + 1))
        }
        return objects
    }

    private static func readData(_ url: URL) throws -> Data {
        guard FileManager.default.fileExists(atPath: url.path) else { throw MismatchError.missingFile(path: url.path) }
        do { return try Data(contentsOf: url) } catch {
            throw MismatchError.unreadable(path: url.path, reason: error.localizedDescription)
        }
    }

    private static func parse(_ data: Data, path: String, line: Int?) throws -> JSONObject {
        let value: Any
        do { value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw MismatchError.malformedJSON(path: path, line: line, reason: "invalid JSON")
        }
        guard let fields = value as? [String: Any] else {
            throw MismatchError.malformedJSON(path: path, line: line, reason: "expected an object, found \(typeName(value))")
        }
        return JSONObject(fields: fields, path: path, line: line)
    }

    /// A JSON number (booleans are not numbers here), nil when absent or null. JSONSerialization
    /// itself refuses NaN and numbers beyond Double's range, so every number here is finite.
    func number(_ key: String) throws -> Double? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let number = JSONObject.asNumber(value) else {
            throw MismatchError.wrongType(path: path, line: line, field: prefix + key, expected: "a number")
        }
        return number
    }

    func requiredNumber(_ key: String) throws -> Double {
        guard let value = try number(key) else { throw MismatchError.missingField(path: path, line: line, field: prefix + key) }
        return value
    }

    /// A whole number ≥ `minimum`.
    func requiredInteger(_ key: String, minimum: Int = 0) throws -> Int {
        let value = try requiredNumber(key)
        guard value == value.rounded(), value >= Double(minimum), value < 1e15 else {
            throw MismatchError.invalidValue(path: path, line: line, field: prefix + key, reason: "expected a whole number ≥ \(minimum), found \(value)")
        }
        return Int(value)
    }

    func string(_ key: String) throws -> String? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            throw MismatchError.wrongType(path: path, line: line, field: prefix + key, expected: "a string")
        }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = try string(key) else { throw MismatchError.missingField(path: path, line: line, field: prefix + key) }
        return value
    }

    /// A string or an array of strings (config.json's `reward` / `rewards`), as a list.
    func strings(_ key: String) throws -> [String] {
        guard let value = fields[key], !(value is NSNull) else { return [] }
        if let text = value as? String { return [text] }
        guard let list = value as? [Any], let texts = list as? [String] else {
            throw MismatchError.wrongType(path: path, line: line, field: prefix + key, expected: "a string or a list of strings")
        }
        return texts
    }

    func object(_ key: String) throws -> JSONObject? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        guard let nested = value as? [String: Any] else {
            throw MismatchError.wrongType(path: path, line: line, field: prefix + key, expected: "an object")
        }
        return JSONObject(fields: nested, path: path, line: line, prefix: prefix + key + ".")
    }

    static func asNumber(_ value: Any) -> Double? {
        // `1 is Bool` holds for a bridged NSNumber on Linux, so booleans are told apart by their type code.
        guard let number = value as? NSNumber else { return nil }
        if String(cString: number.objCType) == "c" { return nil }
        return number.doubleValue
    }

    private static func typeName(_ value: Any) -> String {
        switch value {
        case is [Any]: return "an array"
        case is String: return "a string"
        case is NSNull: return "null"
        default: return asNumber(value) != nil ? "a number" : "a boolean"
        }
    }
}
