import Foundation

/// A run directory as the analysis sees it: its settings, the trainer's per-step rows (online runs)
/// and its evaluated policies (held-out evaluations, or best-of-n's n). Read with `RunRecord.read`.
public struct RunRecord: Equatable, Sendable {
    /// Best-of-n's own paired figure for "end minus peak" (summary.json `gold_drop`, `gold_drop_se`:
    /// the standard error of the per-prompt difference).
    public struct PairedGoldDrop: Equatable, Sendable {
        public var peakIndex: Int
        public var drop: Double
        public var standardError: Double
    }

    public var url: URL
    /// The directory's name: how the summary and the report call the run.
    public var name: String
    public var settings: RunSettings
    /// Online: every metrics.jsonl row with training figures (`kl`, `proxy_reward`, …), in step order.
    /// Empty for best-of-n.
    public var trainingRows: [MetricsRow]
    /// Online: the held-out evaluations (rows with `eval/kl`); best-of-n: one per n. In index order.
    public var evaluations: [EvaluationPoint]
    public var pairedGoldDrop: PairedGoldDrop?

    public static let configFile = "config.json"
    public static let metricsFile = "metrics.jsonl"
    public static let summaryFile = "summary.json"

    public static func read(_ url: URL) throws -> RunRecord {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MismatchError.notARunDirectory(path: url.path)
        }
        let configURL = url.appendingPathComponent(configFile)
        let metricsURL = url.appendingPathComponent(metricsFile)
        guard FileManager.default.fileExists(atPath: configURL.path) || FileManager.default.fileExists(atPath: metricsURL.path) else {
            throw MismatchError.notARunDirectory(path: url.path)
        }
        let settings = try RunSettings.read(configURL)
        var record = RunRecord(url: url, settings: settings)
        switch settings.kind {
        case .online:
            try record.appendOnline(try MetricsRow.read(metricsURL, indexKey: "step"))
            guard !record.evaluations.isEmpty else {
                throw MismatchError.noRows(path: metricsURL.path, what: "held-out evaluation rows (\"eval/kl\"); the run needs --eval-every > 0")
            }
            record.pairedGoldDrop = try pairedOnlineGoldDrop(run: url, evaluations: record.evaluations)
        case .bestOfN:
            let rows = try MetricsRow.read(metricsURL, indexKey: "n")
            record.evaluations = try rows.map { try bestOfNEvaluation($0, path: metricsURL.path) }
            guard !record.evaluations.isEmpty else { throw MismatchError.noRows(path: metricsURL.path, what: "rows") }
            record.pairedGoldDrop = try readPairedGoldDrop(url.appendingPathComponent(summaryFile))
        }
        return record
    }

    /// An online run as far as its metrics.jsonl goes, for the gold-free alarm while the run trains: unlike
    /// `read` it needs no held-out evaluation (the training rows' triggers work without one) and reads no
    /// evaluation samples. `append(step:values:)` then adds each new row without reading the file again.
    public static func readTraining(_ url: URL) throws -> RunRecord {
        let settings = try RunSettings.read(url.appendingPathComponent(configFile))
        guard settings.kind == .online else {
            throw MismatchError.invalidValue(path: url.appendingPathComponent(configFile).path, line: nil, field: "method",
                                             reason: "the alarm reads online runs (ppo, rloo, grpo)")
        }
        var record = RunRecord(url: url, settings: settings)
        let metricsURL = url.appendingPathComponent(metricsFile)
        if FileManager.default.fileExists(atPath: metricsURL.path) { try record.appendOnline(try MetricsRow.read(metricsURL, indexKey: "step")) }
        return record
    }

    /// The record as if metrics.jsonl held one more line with this step's figures (non-finite ones are
    /// left out, as the trainer's writer leaves them out of the file).
    public mutating func append(step: Int, values: [String: Double]) throws {
        let path = url.appendingPathComponent(Self.metricsFile).path
        let lastLine = max(trainingRows.last?.line ?? 0, evaluations.last?.line ?? 0)
        let lastStep = max(trainingRows.last?.index ?? -1, evaluations.last?.index ?? -1)
        guard step > lastStep else {
            throw MismatchError.invalidValue(path: path, line: lastLine + 1, field: "step", reason: "\(step) does not follow \(lastStep)")
        }
        var figures = values.filter { $0.value.isFinite }
        figures["step"] = Double(step)
        try appendOnline([MetricsRow(index: step, line: lastLine + 1, values: figures)])
    }

    /// Online rows into training rows (those with training figures) and evaluations (those with `eval/kl`).
    private mutating func appendOnline(_ rows: [MetricsRow]) throws {
        let path = url.appendingPathComponent(Self.metricsFile).path
        trainingRows += rows.filter { $0["kl"] != nil || $0["proxy_reward"] != nil }
        evaluations += try rows.filter { $0["eval/kl"] != nil }.map { try Self.onlineEvaluation($0, path: path) }
    }

    /// `eval/<name>` with `eval/<name>_se` and `eval/<name>_n` become one estimate named `<name>`.
    static func onlineEvaluation(_ row: MetricsRow, path: String) throws -> EvaluationPoint {
        guard row["eval/proxy_reward"] != nil else {
            throw MismatchError.missingField(path: path, line: row.line, field: "eval/proxy_reward")
        }
        let prefix = "eval/"
        var metrics: [String: Estimate] = [:]
        for (key, value) in row.values where key.hasPrefix(prefix) && !key.hasSuffix("_se") && !key.hasSuffix("_n") {
            let name = String(key.dropFirst(prefix.count))
            guard name != "kl", name != "samples" else { continue }
            metrics[name] = Estimate(value: value, standardError: row[key + "_se"], count: row[key + "_n"].map { Int($0) })
        }
        return EvaluationPoint(index: row.index, kl: row["eval/kl"] ?? 0, klStandardError: row["eval/kl_se"], metrics: metrics, line: row.line)
    }

    static func bestOfNEvaluation(_ row: MetricsRow, path: String) throws -> EvaluationPoint {
        guard row.index >= 1 else { throw MismatchError.invalidValue(path: path, line: row.line, field: "n", reason: "n must be at least 1") }
        for field in ["kl", "proxy_reward"] where row[field] == nil {
            throw MismatchError.missingField(path: path, line: row.line, field: field)
        }
        let skipped: Set<String> = ["n", "kl", "sqrt_kl"]
        var metrics: [String: Estimate] = [:]
        for (key, value) in row.values where !skipped.contains(key) && !key.hasSuffix("_se") {
            // Best-of-n calls task accuracy `accuracy`; one name for both kinds of run.
            metrics[key == "accuracy" ? MetricName.taskAccuracy : key] = Estimate(value: value, standardError: row[key + "_se"])
        }
        return EvaluationPoint(index: row.index, kl: row["kl"] ?? 0, metrics: metrics, line: row.line)
    }

    /// Optional: a best-of-n run without summary.json (or without a world) has no paired drop.
    static func readPairedGoldDrop(_ url: URL) throws -> PairedGoldDrop? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let summary = try JSONObject.read(url)
        guard let peak = try summary.number("gold_peak_n"), let drop = try summary.number("gold_drop"),
              let se = try summary.number("gold_drop_se") else { return nil }
        return PairedGoldDrop(peakIndex: Int(peak), drop: drop, standardError: se)
    }
}

extension RunRecord {
    /// A run with no rows read yet, named after its directory (in an extension, so the memberwise
    /// initializer stays).
    fileprivate init(url: URL, settings: RunSettings) {
        self.init(url: url, name: url.standardizedFileURL.lastPathComponent, settings: settings, trainingRows: [], evaluations: [],
                  pairedGoldDrop: nil)
    }
}
