import Foundation
import Tensor

public enum RunDirectoryError: Error, CustomStringConvertible, Equatable {
    case alreadyExists(path: String)
    case notARun(path: String)
    case noCheckpoint(path: String)
    case badFile(path: String, reason: String)

    public var description: String {
        switch self {
        case let .alreadyExists(path): return "\(path) already holds a run (config.json); resume it with --resume \(path) or choose another --out"
        case let .notARun(path): return "\(path) is not a run directory (no config.json)"
        case let .noCheckpoint(path): return "\(path) has no checkpoint to resume from"
        case let .badFile(path, reason): return "\(path): \(reason)"
        }
    }
}

/// The run-directory contract of DESIGN.md §5, in one place: config.json written before the first
/// step, metrics.jsonl appended and flushed one row per step, summary.json, and checkpoints/ whose
/// folders appear only complete (written to a temporary folder, then renamed).
public final class RunDirectory {
    public let url: URL
    public var configURL: URL { url.appendingPathComponent("config.json") }
    public var metricsURL: URL { url.appendingPathComponent("metrics.jsonl") }
    public var summaryURL: URL { url.appendingPathComponent("summary.json") }
    public var checkpointsURL: URL { url.appendingPathComponent("checkpoints") }
    private let metrics: FileHandle

    private init(url: URL) throws {
        self.url = url
        let metricsURL = url.appendingPathComponent("metrics.jsonl")
        if !FileManager.default.fileExists(atPath: metricsURL.path) {
            guard FileManager.default.createFile(atPath: metricsURL.path, contents: nil) else {
                throw RunDirectoryError.badFile(path: metricsURL.path, reason: "cannot create")
            }
        }
        metrics = try FileHandle(forWritingTo: metricsURL)
        try metrics.seekToEnd()
    }

    deinit { try? metrics.close() }

    /// A new run: refuses a folder that already holds one.
    public static func create(at url: URL, config: some Encodable) throws -> RunDirectory {
        let configURL = url.appendingPathComponent("config.json")
        if FileManager.default.fileExists(atPath: configURL.path) { throw RunDirectoryError.alreadyExists(path: url.path) }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try AtomicFile.write(try JSONFormat.pretty(config), to: configURL)
        try? FileManager.default.removeItem(at: url.appendingPathComponent("metrics.jsonl"))
        return try RunDirectory(url: url)
    }

    /// An existing run, to resume: metrics rows from `step` on are dropped, since the resumed run writes them again.
    public static func resume(at url: URL, fromStep step: Int) throws -> RunDirectory {
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("config.json").path) else {
            throw RunDirectoryError.notARun(path: url.path)
        }
        try truncateMetrics(at: url.appendingPathComponent("metrics.jsonl"), keepingStepsBefore: step)
        return try RunDirectory(url: url)
    }

    public static func readConfig<Config: Decodable>(_ type: Config.Type, at url: URL) throws -> Config {
        let configURL = url.appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: configURL.path) else { throw RunDirectoryError.notARun(path: url.path) }
        do {
            return try JSONDecoder().decode(Config.self, from: data)
        } catch {
            throw RunDirectoryError.badFile(path: configURL.path, reason: "cannot be read as this command's config (\(error))")
        }
    }

    /// Appends one row to metrics.jsonl and flushes it to the file.
    public func appendMetrics(_ row: some Encodable) throws {
        try metrics.write(contentsOf: try JSONFormat.line(row))
        try metrics.synchronize()
    }

    public func writeSummary(_ summary: some Encodable) throws {
        try AtomicFile.write(try JSONFormat.pretty(summary), to: summaryURL)
    }

    /// Writes `checkpoints/<name>` by filling a temporary folder and renaming it into place, replacing
    /// an older folder of the same name only once the new one is complete.
    public func writeCheckpoint(named name: String, _ fill: (URL) throws -> Void) throws {
        try FileManager.default.createDirectory(at: checkpointsURL, withIntermediateDirectories: true)
        let target = checkpointsURL.appendingPathComponent(name)
        let temporary = checkpointsURL.appendingPathComponent(".\(name).tmp")
        try? FileManager.default.removeItem(at: temporary)
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        try fill(temporary)
        let retired = checkpointsURL.appendingPathComponent(".\(name).old")
        try? FileManager.default.removeItem(at: retired)
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.moveItem(at: target, to: retired) }
        try FileManager.default.moveItem(at: temporary, to: target)
        try? FileManager.default.removeItem(at: retired)
    }

    /// Complete checkpoint folders named `step-NNNNNNNN`, by step.
    public static func stepCheckpoints(at url: URL) -> [(step: Int, url: URL)] {
        let folder = url.appendingPathComponent("checkpoints")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name in
            guard name.hasPrefix("step-"), let step = Int(name.dropFirst(5)) else { return nil }
            return (step, folder.appendingPathComponent(name))
        }.sorted { $0.step < $1.step }
    }

    public static func checkpointName(step: Int) -> String { String(format: "step-%08d", step) }

    /// Empties every step checkpoint but the newest of what `kept` does not name (state that only a
    /// resume needs, and a resume reads the newest); the files `kept` names stay loadable in all.
    public func slimStepCheckpoints(keeping kept: Set<String>) {
        for old in Self.stepCheckpoints(at: url).dropLast() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: old.url.path)) ?? []
            for name in names where !kept.contains(name) { try? FileManager.default.removeItem(at: old.url.appendingPathComponent(name)) }
        }
    }

    /// Removes all but the newest `keep` step checkpoints.
    public func pruneStepCheckpoints(keep: Int) {
        for old in Self.stepCheckpoints(at: url).dropLast(keep) { try? FileManager.default.removeItem(at: old.url) }
    }

    /// Keeps the rows of metrics.jsonl whose "step" is below `step`; a torn last line is dropped.
    static func truncateMetrics(at url: URL, keepingStepsBefore step: Int) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else { return }
        var kept = Data()
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            guard let row = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let rowStep = row["step"] as? Int else { break }
            if rowStep >= step { break }
            kept.append(Data(line))
            kept.append(UInt8(ascii: "\n"))
        }
        try AtomicFile.write(kept, to: url)
    }
}

/// The project's JSON conventions: sorted keys, so files are byte-stable.
public enum JSONFormat {
    public static func pretty(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }

    public static func line(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value) + Data("\n".utf8)
    }
}
