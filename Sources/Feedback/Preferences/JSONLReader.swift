import Foundation

/// Streams a JSON Lines file: reads it in fixed-size chunks (never the whole file), hands out one
/// line at a time with its 1-based line number, skips blank lines, accepts CRLF line endings and
/// a UTF-8 byte-order mark at the start of a line (line 1, or any line of files joined with `cat`),
/// and turns decoding failures into `PreferenceDataError`s that
/// name the file, the line and the field.
public struct JSONLReader {
    public let url: URL
    /// Bytes read from the file per system call.
    public var chunkSize = 1 << 16

    /// Checks that `url` names a readable regular file (the reading itself happens in `forEach…`).
    public init(url: URL) throws {
        self.url = url
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw PreferenceDataError.unreadableFile(path: url.path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw PreferenceDataError.unreadableFile(path: url.path, reason: "it is a directory")
        }
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw PreferenceDataError.unreadableFile(path: url.path, reason: "permission denied")
        }
    }

    /// Calls `body` with each non-blank line (without its line ending) and its 1-based number.
    public func forEachLine(_ body: (Int, Data) throws -> Void) throws {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw PreferenceDataError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        var scanned = 0       // bytes of `buffer` already searched for a newline
        var lineNumber = 0
        func emit(_ line: ArraySlice<UInt8>) throws {
            lineNumber += 1
            var line = line
            if line.last == 0x0D { line = line.dropLast() }
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            try body(lineNumber, Data(line))
        }
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: chunkSize) } catch {
                throw PreferenceDataError.unreadableFile(path: url.path, reason: error.localizedDescription)
            }
            guard let chunk, !chunk.isEmpty else { break }
            buffer.append(contentsOf: chunk)
            var start = 0
            while let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                try emit(buffer[start..<newline])
                start = newline + 1
                scanned = start
            }
            buffer.removeFirst(start)
            scanned = buffer.count
        }
        if !buffer.isEmpty { try emit(buffer[...]) }
    }

    /// Decodes every non-blank line as a `T` and calls `body` with its line number.
    public func forEach<T: Decodable>(_ type: T.Type, _ body: (Int, T) throws -> Void) throws {
        let decoder = JSONDecoder()
        try forEachLine { lineNumber, data in
            if let offset = Self.firstInvalidUTF8Offset(data) {
                throw PreferenceDataError.invalidJSON(path: url.path, line: lineNumber,
                                                      reason: "not valid UTF-8 at byte \(offset) of the line")
            }
            let value: T
            do { value = try decoder.decode(T.self, from: data) } catch DecodingError.dataCorrupted(let context)
                where context.codingPath.isEmpty && context.underlyingError == nil {
                throw PreferenceDataError.invalidJSON(path: url.path, line: lineNumber, reason: Self.syntaxError(in: data))
            } catch {
                throw PreferenceDataError(decoding: error, path: url.path, line: lineNumber)
            }
            try body(lineNumber, value)
        }
    }
}

extension JSONLReader {
    /// Byte offset (0-based) of the first byte that is not part of valid UTF-8, or nil.
    static func firstInvalidUTF8Offset(_ data: Data) -> Int? {
        if data.allSatisfy({ $0 < 0x80 }) { return nil }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// JSONDecoder says only "not valid JSON"; JSONSerialization says where. Called on failures only.
    static func syntaxError(in data: Data) -> String {
        do { _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            if let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        }
        return "the line is not valid JSON"
    }
}

extension PreferenceDataError {
    /// Translates a `DecodingError` (or a record-shape error) into a message about `path`:`line`.
    init(decoding error: Error, path: String, line: Int) {
        switch error {
        case let shape as PreferenceRecordShapeError:
            switch shape {
            case .unrecognized(let keys): self = .unrecognizedFormat(path: path, line: line, keys: keys)
            case .mixed(_, let keys): self = .mixedFormats(path: path, line: line, keys: keys)
            }
        case DecodingError.keyNotFound(let key, let context):
            self = .missingField(path: path, line: line, field: Self.fieldPath(context.codingPath + [key]))
        case DecodingError.valueNotFound(let type, let context):
            self = .wrongType(path: path, line: line, field: Self.fieldPath(context.codingPath),
                              expected: Self.expectation(type, context) + ", found null")
        case DecodingError.typeMismatch(let type, let context):
            if context.codingPath.isEmpty && type != PreferenceText.self {
                self = .notAnObject(path: path, line: line)
            } else {
                self = .wrongType(path: path, line: line, field: Self.fieldPath(context.codingPath),
                                  expected: Self.expectation(type, context))
            }
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            self = .invalidValue(path: path, line: line, field: Self.fieldPath(context.codingPath),
                                 reason: context.debugDescription)
        case DecodingError.dataCorrupted(let context):
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            self = .invalidJSON(path: path, line: line, reason: detail ?? context.debugDescription)
        default:
            self = .invalidJSON(path: path, line: line, reason: String(describing: error))
        }
    }

    /// `chosen[1].content` from the coding path.
    static func fieldPath(_ path: [CodingKey]) -> String {
        var result = ""
        for key in path {
            if let index = key.intValue { result += "[\(index)]" }
            else { result += result.isEmpty ? key.stringValue : "." + key.stringValue }
        }
        return result
    }

    /// ", found a number" from JSONDecoder's "Expected to decode Bool but found a number instead."
    private static func found(_ context: DecodingError.Context) -> String {
        let text = context.debugDescription
        guard let range = text.range(of: "but found ") else { return "" }
        let rest = text[range.upperBound...]
        return ", found " + (rest.hasSuffix(" instead.") ? String(rest.dropLast(" instead.".count)) : String(rest))
    }

    private static func expectation(_ type: Any.Type, _ context: DecodingError.Context) -> String {
        switch type {
        case is String.Type: return "a string" + found(context)
        case is Bool.Type: return "true or false" + found(context)
        case is Int.Type: return "an integer" + found(context)
        case is Double.Type: return "a number" + found(context)
        case is PreferenceText.Type: return "a string or an array of {\"role\", \"content\"} messages"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" + found(context) }
            if name.hasPrefix("Dictionary") { return "an object" + found(context) }
            return context.debugDescription
        }
    }
}
