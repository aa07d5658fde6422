import ArgumentParser
import Foundation
import Mismatch
import Optimize
import Report
import Tensor
import Train

/// `ceiling demo`: the alignment ceiling end to end (issue 9, item 3). Wiring only: the stages are the
/// library's runs (see DemoPipeline); summary.json holds every number the targets need.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The alignment ceiling end to end: world, base policies, biased feedback, reward models, best-of-n and RL against one model and a UWO ensemble.",
        discussion: """
        Per seed: generate the synthetic world → SFT the base policy and three more bases (other SFT seeds) → simulate \
        `biased` annotator preferences → train one reward model per base (the first is the single model; all four form the \
        ensemble) → reward eval of both → best-of-n sweep and the online method against the single model and against UWO → \
        a paired re-evaluation (gold peak vs end, UWO vs single) → OUT/seed-S/. Then OUT/summary.json (every figure, means \
        and spreads over seeds, the targets judged) and a verdict on stdout. Progress per stage goes to stderr. A stage whose \
        output exists is skipped, so running the same command again continues an interrupted demo. See docs/demo.md.
        """)

    @Option(help: "World seed of the first demo seed; --seeds K runs S, S+1, …, S+K−1.") var seed: UInt64 = 0
    @Option(help: "tiny (wiring only, for a CI test), small, or default (the calibrated settings of docs/calibration.md).") var size = "default"
    @Option(help: "Online method: ppo, rloo or grpo (default: the size's, chosen in docs/calibration.md).") var method: String?
    @Option(help: "Number of seeds.") var seeds = 1
    @Option(help: "Ensemble members, one SFT base each (default: the size's, 4); 2 or 3 cost fewer base trainings.") var members: Int?
    @Option(help: "Demo folder.") var out = "runs/demo"
    // Overrides of the size's online settings, for calibration runs (recorded in OUT/config.json).
    @Option(help: "Steps of each online run (default: the size's).") var onlineSteps: Int?
    @Option(help: "Policy learning rate of the online runs (default: the size's for the method).") var onlineLearningRate: Float?
    @Option(help: "β of the online runs (default: the size's).") var klCoefficient: Double?
    @Option(help: "UWO's λ in the online run against the ensemble (default: the size's).") var onlineUWOLambda: Double?

    func validate() throws {
        guard DemoSize.named(size) != nil else { throw ValidationError("--size must be tiny, small or default") }
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        if let members, !(2...8).contains(members) { throw ValidationError("--members must be between 2 and 8") }
        if let onlineSteps, onlineSteps < 1 { throw ValidationError("--online-steps must be at least 1") }
        if let onlineLearningRate, !(onlineLearningRate > 0) { throw ValidationError("--online-learning-rate must be positive") }
        if let klCoefficient, !(klCoefficient >= 0) { throw ValidationError("--kl-coefficient must be non-negative") }
        if let onlineUWOLambda, !(onlineUWOLambda >= 0) { throw ValidationError("--online-uwo-lambda must be non-negative") }
        if let method, DemoMethod(rawValue: method) == nil { throw ValidationError("--method must be ppo, rloo or grpo") }
    }

    func run() throws {
        guard var settings = DemoSize.named(size) else { throw ValidationError("--size must be tiny, small or default") }
        if let method { settings.method = DemoMethod(rawValue: method) ?? settings.method }
        if let members { settings.members = members }
        if let onlineSteps { settings.steps = onlineSteps }
        if let onlineLearningRate {
            settings.learningRate = onlineLearningRate
            settings.ppoLearningRate = onlineLearningRate
        }
        if let klCoefficient { settings.klCoefficient = klCoefficient }
        if let onlineUWOLambda { settings.uwoLambdaOnline = onlineUWOLambda }
        let folder = URL(fileURLWithPath: out)
        let start = Date()
        func progress(_ line: String) {
            FileHandle.standardError.write(Data(String(format: "[%6.1f s] %@\n", Date().timeIntervalSince(start), line).utf8))
        }
        do {
            // The settings every seed runs with (the size and any overrides), like every run's config.json. A
            // folder made with other settings is not resumed: its finished stages would be reused as they are.
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let configURL = folder.appendingPathComponent("config.json")
            let config = try DemoConfig(firstSeed: seed, seeds: seeds, settings: settings).json()
            if let earlier = FileManager.default.contents(atPath: configURL.path) {
                try DemoConfig.checkSameSettings(earlier, as: config, file: configURL)
            } else {
                try DemoConfig.checkNoUnrecordedSeeds(in: folder)
            }
            try AtomicFile.write(config, to: configURL)
            var results: [DemoSeedResult] = []
            for offset in 0..<UInt64(seeds) {
                let pipeline = DemoPipeline(size: settings, seed: seed + offset,
                                            folder: folder.appendingPathComponent("seed-\(seed + offset)"), progress: progress)
                results.append(try pipeline.run())
            }
            var summary = DemoSummary(size: settings, seeds: results, totalSeconds: Date().timeIntervalSince(start))
            // One report over every seed's runs: the curves, the comparison single vs UWO, the reward model's
            // calibration and the disclosure card (ceiling report's own builder).
            let runs = (0..<UInt64(seeds)).flatMap { offset -> [URL] in
                let seedFolder = folder.appendingPathComponent("seed-\(seed + offset)")
                return ["\(settings.method.rawValue)-single", "\(settings.method.rawValue)-uwo", "bon-single", "bon-uwo", "rm-0"]
                    .map { seedFolder.appendingPathComponent($0) }
            }
            // The Mismatch analyses of the same runs (curves, fits, links, the gold-free alarm validated
            // against gold, manifestations) for scripts; the report shows them too.
            let onlineAndBestOfN = runs.filter { $0.lastPathComponent != "rm-0" }
            let evaluations = (0..<UInt64(seeds)).map { folder.appendingPathComponent("seed-\(seed + $0)/rm-eval-single.json") }
            try MismatchAnalysis.analyze(runs: onlineAndBestOfN, rewardEvaluations: evaluations)
                .write(to: folder.appendingPathComponent("mismatch.json"))
            progress("report: \(runs.count) run directories")
            let reportURL = folder.appendingPathComponent("report.html")
            let document = try ReportBuilder.build(
                runs: runs, options: ReportOptions(rewardEval: folder.appendingPathComponent("seed-\(seed)/rm-eval-single.json"),
                                                   samples: 0, title: "Ceiling demo (\(settings.name), \(settings.method.rawValue))"),
                progress: progress)
            try ReportBuilder.write(document, to: reportURL)
            summary.report = reportURL.path
            try AtomicFile.write(try JSONFormat.pretty(summary), to: folder.appendingPathComponent("summary.json"))
            print("ceiling demo (\(settings.name), \(settings.method.rawValue), \(settings.members) ensemble members, \(seeds) seed(s), \(String(format: "%.0f", summary.totalSeconds)) s)")
            for line in summary.verdict.lines { print(line) }
            print("the ceiling: \(summary.verdict.ceiling)")
            print("best-of-n:   \(summary.verdict.bestOfN)")
            print("mitigation:  \(summary.verdict.mitigation)")
            print("time:        \(summary.verdict.time)")
            print("summary: \(folder.appendingPathComponent("summary.json").path)")
            print("report:  \(reportURL.path)")
        } catch let error as CustomStringConvertible where error is Error {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
