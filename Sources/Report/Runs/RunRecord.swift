import Foundation

/// One row of metrics.jsonl: its numeric fields (other values are left out).
public typealias MetricsRow = [String: Double]

/// What a run directory recorded (DESIGN.md §5): config.json, metrics.jsonl and summary.json, read
/// without knowing the method, so that any run can be reported.
public struct RunRecord: Sendable {
    public let url: URL
    public let config: JSONValue
    public let metrics: [MetricsRow]
    public let summary: JSONValue?

    public init(url: URL, config: JSONValue, metrics: [MetricsRow], summary: JSONValue?) {
        self.url = url
        self.config = config
        self.metrics = metrics
        self.summary = summary
    }

    /// Reads a run directory; config.json is required, metrics.jsonl and summary.json are optional.
    public static func load(_ url: URL) throws -> RunRecord {
        let configURL = url.appendingPathComponent("config.json")
        guard FileManager.default.fileExists(atPath: configURL.path) else { throw ReportError.notARunDirectory(path: url.path) }
        let config = try JSONValue.read(configURL)
        let metricsURL = url.appendingPathComponent("metrics.jsonl")
        let metrics = FileManager.default.fileExists(atPath: metricsURL.path) ? try readMetrics(metricsURL) : []
        let summaryURL = url.appendingPathComponent("summary.json")
        let summary = FileManager.default.fileExists(atPath: summaryURL.path) ? try JSONValue.read(summaryURL) : nil
        return RunRecord(url: url.standardizedFileURL, config: config, metrics: metrics, summary: summary)
    }

    /// Each line one JSON object; blank lines skipped; numbers kept, other values dropped.
    public static func readMetrics(_ url: URL) throws -> [MetricsRow] {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ReportError.unreadable(path: url.path) }
        var rows: [MetricsRow] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }) else { continue }
            let value: JSONValue
            do { value = try JSONDecoder().decode(JSONValue.self, from: Data(line)) } catch {
                throw ReportError.invalidJSON(path: url.path, line: index + 1, reason: JSONValue.reason(error))
            }
            guard let object = value.object else {
                throw ReportError.invalidMetricsRow(path: url.path, line: index + 1, reason: "expected a JSON object")
            }
            rows.append(object.compactMapValues(\.double))
        }
        return rows
    }

    public var name: String { url.lastPathComponent }
    public var method: String { config["method"]?.string ?? "unknown" }
    public var isBestOfN: Bool { method == "bon" }
    public var isOnline: Bool { ["ppo", "rloo", "grpo"].contains(method) }
    /// The reward objective of an optimization run (single, mean, wco, uwo).
    public var objective: String? { config["objective"]?.string }

    /// A path a config recorded: absolute as it is; a relative one was relative to the directory the
    /// command ran in, which is unknown, so it is tried against the current directory, then against
    /// the run directory and each folder above it. Nil when it exists nowhere.
    public func resolve(_ path: String) -> URL? {
        Self.resolve(path, near: url)
    }

    public static func resolve(_ path: String, near url: URL) -> URL? {
        let manager = FileManager.default
        if path.hasPrefix("/") { return manager.fileExists(atPath: path) ? URL(fileURLWithPath: path).standardizedFileURL : nil }
        let cwd = URL(fileURLWithPath: manager.currentDirectoryPath).appendingPathComponent(path)
        if manager.fileExists(atPath: cwd.path) { return cwd.standardizedFileURL }
        var folder = url.standardizedFileURL
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(path)
            if manager.fileExists(atPath: candidate.path) { return candidate.standardizedFileURL }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// The run directory that holds a model directory (`RUN/checkpoints/NAME`) or is itself a run.
    public static func enclosingRun(of url: URL) -> URL? {
        var folder = url.standardizedFileURL
        for _ in 0..<4 {
            let config = folder.appendingPathComponent("config.json")
            if let value = try? JSONValue.read(config), value["method"] != nil { return folder }
            folder = folder.deletingLastPathComponent()
            if folder.path == "/" { break }
        }
        return nil
    }

    /// `step` for online and training runs, `n` for best-of-n sweeps.
    public var stepKey: String { isBestOfN ? "n" : "step" }
}
