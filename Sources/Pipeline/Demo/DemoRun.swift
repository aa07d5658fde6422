import Foundation
import Mismatch
import Optimize
import Report
import Tensor
import Train

/// A whole demo: every seed's pipeline, then mismatch.json, mitigation.json, report.html and
/// summary.json in the demo folder. The command line only parses options and prints the verdict.
public struct DemoRun {
    public var settings: DemoSize
    public var firstSeed: UInt64
    public var seeds: Int
    public var folder: URL

    public init(settings: DemoSize, firstSeed: UInt64, seeds: Int, folder: URL) {
        self.settings = settings
        self.firstSeed = firstSeed
        self.seeds = seeds
        self.folder = folder
    }

    public var summaryURL: URL { folder.appendingPathComponent("summary.json") }
    public var reportURL: URL { folder.appendingPathComponent("report.html") }
    func seedFolder(_ offset: UInt64) -> URL { folder.appendingPathComponent("seed-\(firstSeed + offset)") }

    public func run(progress: @escaping (String) -> Void) throws -> DemoSummary {
        let start = Date()
        // The settings every seed runs with (the size and any overrides), like every run's config.json. A
        // folder made with other settings is not resumed: its finished stages would be reused as they are.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configURL = folder.appendingPathComponent("config.json")
        let config = try DemoConfig(firstSeed: firstSeed, seeds: seeds, settings: settings).json()
        if let earlier = FileManager.default.contents(atPath: configURL.path) {
            try DemoConfig.checkSameSettings(earlier, as: config, file: configURL)
        } else {
            try DemoConfig.checkNoUnrecordedSeeds(in: folder)
        }
        try AtomicFile.write(config, to: configURL)
        var results: [DemoSeedResult] = []
        for offset in 0..<UInt64(seeds) {
            let pipeline = DemoPipeline(size: settings, seed: firstSeed + offset, folder: seedFolder(offset), progress: progress)
            results.append(try pipeline.run())
        }
        var summary = DemoSummary(size: settings, seeds: results, totalSeconds: Date().timeIntervalSince(start))
        let mitigationURL = folder.appendingPathComponent(MitigationConditions.fileName)
        try AtomicFile.write(try JSONFormat.pretty(MitigationConditions(conditions: summary.mitigation)), to: mitigationURL)
        // One report over every seed's runs (ceiling report's own builder), and the Mismatch analyses of
        // the same runs (curves, fits, links, the alarm validated against gold, manifestations) for scripts.
        let method = settings.method.rawValue
        let online = settings.conditions.flatMap { condition in
            [RewardObjectiveKind.single, .uwo].map { DemoFiles.onlineRun(method: settings.method, objective: $0, condition: condition) }
        }
        let names = online + ["bon-single", "bon-uwo", "rm-0"]
        let runs = (0..<UInt64(seeds)).flatMap { offset in names.map { seedFolder(offset).appendingPathComponent($0) } }
        let evaluations = (0..<UInt64(seeds)).map { seedFolder($0).appendingPathComponent("rm-eval-single.json") }
        try MismatchAnalysis.analyze(runs: runs.filter { $0.lastPathComponent != "rm-0" }, rewardEvaluations: evaluations)
            .write(to: folder.appendingPathComponent(MismatchSummary.fileName))
        progress("report: \(runs.count) run directories")
        let document = try ReportBuilder.build(
            runs: runs, options: ReportOptions(rewardEval: seedFolder(0).appendingPathComponent("rm-eval-single.json"), samples: 0,
                                               title: "Ceiling demo (\(settings.name), \(method))", mitigation: mitigationURL),
            progress: progress)
        try ReportBuilder.write(document, to: reportURL)
        summary.report = reportURL.path
        try AtomicFile.write(try JSONFormat.pretty(summary), to: summaryURL)
        return summary
    }
}
