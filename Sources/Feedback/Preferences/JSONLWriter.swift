import Foundation

/// Atomic JSON Lines writer: records go to a temporary file in the target's folder, which
/// `finish()` flushes to disk and renames over the target in one step. A writer that is
/// abandoned (never finished, or `cancel()`ed) removes its temporary file and leaves any
/// existing target untouched, so a crash or an error never leaves a half-written file.
///
/// Preference records are written with their keys in the conventional order (`prompt`, `chosen`,
/// `rejected`, then extras; absent optionals omitted); any other `Encodable` is written by
/// `JSONEncoder` with sorted keys, so the bytes are stable either way.
public final class JSONLWriter {
    public let url: URL
    /// Where the lines go until `finish()`: a hidden file next to `url`.
    public let temporaryURL: URL
    public private(set) var recordsWritten = 0

    private var handle: FileHandle?
    private var pending = Data()
    private let flushThreshold = 1 << 16
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let counterLock = NSLock()
    nonisolated(unsafe) private static var counter = 0

    /// Creates the temporary file; throws `PreferenceDataError.writeFailed` when the folder is not writable.
    public init(url: URL) throws {
        self.url = url
        let serial: Int = Self.counterLock.withLock { Self.counter += 1; return Self.counter }
        let name = ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)-\(serial).tmp"
        temporaryURL = url.deletingLastPathComponent().appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: temporaryURL.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryURL.path) else {
            throw PreferenceDataError.writeFailed(path: url.path,
                reason: "cannot create \(temporaryURL.lastPathComponent) in \(url.deletingLastPathComponent().path)")
        }
        self.handle = handle
    }

    deinit { cancel() }

    /// Appends one record as one line.
    public func write<T: Encodable>(_ record: T) throws {
        if let ordered = record as? OrderedJSONRepresentable {
            try append(ordered.orderedJSON)
            return
        }
        let data: Data
        do { data = try encoder.encode(record) } catch {
            throw PreferenceDataError.unencodableValue(path: url.path, reason: String(describing: error))
        }
        try appendLine(String(decoding: data, as: UTF8.self))
    }

    /// Appends one preference record, keys in the conventional order.
    public func write(_ record: PreferenceRecord) throws {
        try append(record.orderedJSON)
    }

    /// Flushes, syncs and renames the temporary file over `url`. The writer is closed afterwards.
    public func finish() throws {
        guard let handle else { throw finishedError() }
        do {
            try flush()
            try handle.synchronize()
            try handle.close()
        } catch let error as PreferenceDataError {
            cancel()
            throw error
        } catch {
            cancel()
            throw PreferenceDataError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
        self.handle = nil
        // rename(2) replaces an existing target atomically; FileManager.moveItem would refuse.
        guard rename(temporaryURL.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporaryURL)
            throw PreferenceDataError.writeFailed(path: url.path, reason: reason)
        }
    }

    /// Abandons the output: closes and removes the temporary file; the target is not touched.
    public func cancel() {
        guard let handle else { return }
        try? handle.close()
        self.handle = nil
        try? FileManager.default.removeItem(at: temporaryURL)
    }

    private func append(_ json: OrderedJSON) throws {
        let line: String
        do { line = try json.serialized() } catch let error as OrderedJSON.NonFiniteNumber {
            throw PreferenceDataError.unencodableValue(path: url.path, reason: "\(error.value) is not a JSON number")
        }
        try appendLine(line)
    }

    private func appendLine(_ line: String) throws {
        guard handle != nil else { throw finishedError() }
        pending.append(contentsOf: line.utf8)
        pending.append(0x0A)
        recordsWritten += 1
        if pending.count >= flushThreshold { try flush() }
    }

    private func flush() throws {
        guard let handle, !pending.isEmpty else { return }
        do { try handle.write(contentsOf: pending) } catch {
            throw PreferenceDataError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
        pending.removeAll(keepingCapacity: true)
    }

    private func finishedError() -> PreferenceDataError {
        .writeFailed(path: url.path, reason: "the writer is already finished or cancelled")
    }
}
