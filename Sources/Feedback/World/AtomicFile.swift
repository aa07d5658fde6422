import Foundation

/// Whole-file writes that never leave a half-written file: a temporary file in the same folder,
/// then rename(2) over the target.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw WorldError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw WorldError.writeFailed(path: url.path, reason: reason)
        }
    }

    /// JSON with sorted keys (stable bytes), pretty-printed for people, ending in a newline.
    static func encodeJSON<T: Encodable>(_ value: T, path: String) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return try encoder.encode(value) + Data("\n".utf8)
        } catch {
            throw WorldError.writeFailed(path: path, reason: "cannot encode JSON: \(error)")
        }
    }
}
