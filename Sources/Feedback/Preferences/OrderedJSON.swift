import Foundation

/// A JSON value whose object keys keep the order they were given in, so that written records read
/// `prompt`, `chosen`, `rejected`, then the extras, the way preference datasets conventionally do.
enum OrderedJSON {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case array([OrderedJSON])
    case object([(key: String, value: OrderedJSON)])

    struct NonFiniteNumber: Error { let value: Double }

    /// The compact serialization (no spaces, no newlines), UTF-8, non-ASCII left as is.
    func serialized() throws -> String {
        var output = ""
        try write(to: &output)
        return output
    }

    private func write(to output: inout String) throws {
        switch self {
        case .string(let string): Self.writeString(string, to: &output)
        case .integer(let value): output += String(value)
        case .number(let value):
            // Swift prints the shortest representation that parses back to the same Double.
            guard value.isFinite else { throw NonFiniteNumber(value: value) }
            output += value.description
        case .bool(let value): output += value ? "true" : "false"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                try element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(member.key, to: &output)
                output += ":"
                try member.value.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                output += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

/// Records that have a conventional key order when written as JSON Lines.
protocol OrderedJSONRepresentable {
    var orderedJSON: OrderedJSON { get }
}

private extension Array where Element == (key: String, value: OrderedJSON) {
    /// Appends `key` only when `value` is present: absent optionals are omitted, never `null`.
    mutating func append(_ key: String, _ value: OrderedJSON?) {
        if let value { append((key, value)) }
    }
}

extension PreferenceText: OrderedJSONRepresentable {
    var orderedJSON: OrderedJSON {
        switch self {
        case .text(let text): return .string(text)
        case .messages(let messages):
            return .array(messages.map { .object([("role", .string($0.role)), ("content", .string($0.content))]) })
        }
    }
}

extension PreferencePair: OrderedJSONRepresentable {
    var orderedJSON: OrderedJSON {
        var members: [(key: String, value: OrderedJSON)] = []
        members.append("prompt", prompt?.orderedJSON)
        members.append("chosen", chosen.orderedJSON)
        members.append("rejected", rejected.orderedJSON)
        members.append("annotator", annotator.map { .string($0) })
        members.append("family", family.map { .string($0) })
        members.append("scores", scores.map { .array($0.map { .number($0) }) })
        return .object(members)
    }
}

extension UnpairedFeedback: OrderedJSONRepresentable {
    var orderedJSON: OrderedJSON {
        var members: [(key: String, value: OrderedJSON)] = []
        members.append("prompt", prompt?.orderedJSON)
        members.append("completion", completion.orderedJSON)
        members.append("label", .bool(label))
        members.append("annotator", annotator.map { .string($0) })
        members.append("family", family.map { .string($0) })
        return .object(members)
    }
}

extension RankedCompletions: OrderedJSONRepresentable {
    var orderedJSON: OrderedJSON {
        var members: [(key: String, value: OrderedJSON)] = []
        members.append("prompt", prompt?.orderedJSON)
        members.append("completions", .array(completions.map(\.orderedJSON)))
        members.append("ranking", .array(ranking.map { .integer($0) }))
        members.append("annotator", annotator.map { .string($0) })
        members.append("family", family.map { .string($0) })
        members.append("scores", scores.map { .array($0.map { .number($0) }) })
        return .object(members)
    }
}

extension PreferenceRecord: OrderedJSONRepresentable {
    var orderedJSON: OrderedJSON {
        switch self {
        case .pair(let pair): return pair.orderedJSON
        case .unpaired(let feedback): return feedback.orderedJSON
        case .ranking(let ranked): return ranked.orderedJSON
        }
    }
}
