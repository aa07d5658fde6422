import Foundation

/// The configuration side of a run directory (DESIGN.md §5): config.json and summary.json read as
/// plain JSON whatever the method (SFT, reward, best-of-n, online), for the disclosure card and for
/// following recorded paths. The curves come from Mismatch's reading of metrics.jsonl.
public struct RunFiles: Sendable {
    public let url: URL
    public let config: JSONValue
    public let summary: JSONValue?

    public init(url: URL, config: JSONValue, summary: JSONValue?) {
        self.url = url
        self.config = config
        self.summary = summary
    }

    /// Reads a run directory; config.json is required, summary.json optional.
    public static func load(_ url: URL) throws -> RunFiles {
        let configURL = url.appendingPathComponent("config.json")
        guard FileManager.default.fileExists(atPath: configURL.path) else { throw ReportError.notARunDirectory(path: url.path) }
        let config = try JSONValue.read(configURL)
        let summaryURL = url.appendingPathComponent("summary.json")
        let summary = FileManager.default.fileExists(atPath: summaryURL.path) ? try JSONValue.read(summaryURL) : nil
        return RunFiles(url: url.standardizedFileURL, config: config, summary: summary)
    }

    public var name: String { url.lastPathComponent }
    public var method: String { config["method"]?.string ?? "unknown" }
    public var isBestOfN: Bool { method == "bon" }
    public var isOnline: Bool { ["ppo", "rloo", "grpo"].contains(method) }
    /// The reward objective of an optimization run (single, mean, wco, uwo).
    public var objective: String? { config["objective"]?.string }

    /// A path a config recorded: absolute as it is; a relative one was relative to the directory the
    /// command ran in, which is unknown, so it is tried against the run directory and each folder
    /// above it, then against the current directory. Nil when it exists nowhere.
    public func resolve(_ path: String) -> URL? {
        Self.resolve(path, near: url)
    }

    public static func resolve(_ path: String, near url: URL) -> URL? {
        let manager = FileManager.default
        if path.hasPrefix("/") { return manager.fileExists(atPath: path) ? URL(fileURLWithPath: path).standardizedFileURL : nil }
        // A relative path was relative to wherever the run's command ran: most likely a folder that
        // holds the run (the project root of `runs/…`), so those come before the current directory.
        var folder = url.standardizedFileURL
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(path)
            if manager.fileExists(atPath: candidate.path) { return candidate.standardizedFileURL }
            folder = folder.deletingLastPathComponent()
        }
        let cwd = URL(fileURLWithPath: manager.currentDirectoryPath).appendingPathComponent(path)
        return manager.fileExists(atPath: cwd.path) ? cwd.standardizedFileURL : nil
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
}
