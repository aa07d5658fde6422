import ArgumentParser
import Foundation
import Report

/// `ceiling report RUN…`: one self-contained report.html (issue 9, item 2). Parsing and wiring only;
/// the report lives in Sources/Report.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report of one or more runs (curves, fits, calibration, disclosure card).",
        discussion: """
        Reads each run directory (config.json, metrics.jsonl, summary.json) and follows the paths its \
        config records to the reward-model run, its preference data and their annotator agreement \
        report, the reward model's evaluation (eval.json) and the SFT run. The page holds: a verdict \
        per run; overoptimization curves (proxy and gold against √KL, standard-error bars, Gao et al.'s \
        fits); a comparison of the runs; the reward model's reliability diagram; correlations across \
        evaluations; reward and length histograms and a completions table at step 0, the gold peak \
        and the end (online runs: a few seeded held-out samples drawn from their checkpoints; best-of-n: \
        its pool.jsonl); and a disclosure card (Casper et al. 2023, §5). Plots are inline SVG; the \
        page loads nothing from the network and prints on paper. See docs/report.md.
        """
    )

    @Argument(help: "Run directories: optimization runs (bon, rloo, grpo, ppo), a reward run, or any run with config.json.")
    var runs: [String]

    @Option(help: "Where to write the page. Default: report.html inside the first run directory.")
    var out: String?

    @Option(help: "eval.json of `ceiling reward eval` for the reward model. Default: RM_RUN/eval.json or RM_RUN-eval.json next to the reward run, when present.")
    var rewardEval: String?

    @Option(help: "Held-out samples drawn from each online checkpoint shown (step 0, nearest the gold peak, end) for the histograms and the completions table; 0 draws none.")
    var samples = 64

    @Option(help: "Prompts shown in the completions table.")
    var prompts = 4

    @Option(help: "Seed of the held-out prompts chosen and of the samples drawn.")
    var seed: UInt64 = 0

    @Option(help: "Title of the page.")
    var title = "Ceiling report"

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one run directory") }
        guard samples >= 0 else { throw ValidationError("--samples must be 0 or more") }
        guard prompts >= 0 else { throw ValidationError("--prompts must be 0 or more") }
    }

    func run() throws {
        do {
            let options = ReportOptions(rewardEval: rewardEval.map { URL(fileURLWithPath: $0) }, samples: samples,
                                        shownPrompts: prompts, seed: seed, title: title)
            let document = try ReportBuilder.build(runs: runs.map { URL(fileURLWithPath: $0) }, options: options) { message in
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            let destination = URL(fileURLWithPath: out ?? URL(fileURLWithPath: runs[0]).appendingPathComponent("report.html").path)
            try ReportBuilder.write(document, to: destination)
            print("wrote \(destination.path)")
        } catch let error as CustomStringConvertible where error is Error {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
