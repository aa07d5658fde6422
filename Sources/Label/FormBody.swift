/// An `application/x-www-form-urlencoded` body, parsed strictly: a malformed body is a 400, never a guess.
public struct FormBody: Sendable, Equatable {
    public private(set) var fields: [String: String] = [:]

    public init(fields: [String: String]) { self.fields = fields }

    public init(parsing bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw LabelRequestError.badRequest("the form is not valid UTF-8") }
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2, let name = Self.decode(pieces[0]), let value = Self.decode(pieces[1]) else {
                throw LabelRequestError.badRequest("malformed form field \"\(part.prefix(40))\"")
            }
            guard fields[name] == nil else { throw LabelRequestError.badRequest("form field \"\(name)\" appears twice") }
            fields[name] = value
        }
    }

    public subscript(_ name: String) -> String? { fields[name] }

    /// A required field.
    public func required(_ name: String) throws -> String {
        guard let value = fields[name] else { throw LabelRequestError.badRequest("missing form field \"\(name)\"") }
        return value
    }

    /// A required whole number.
    public func integer(_ name: String) throws -> Int64 {
        guard let value = Int64(try required(name)) else { throw LabelRequestError.badRequest("form field \"\(name)\" is not a whole number") }
        return value
    }

    /// Percent-decoding with `+` as space; nil on a broken escape or invalid UTF-8.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
