import ArgumentParser
import Foundation
import Pipeline

/// `ceiling demo`: the alignment ceiling end to end. Wiring only: the stages, the statistics and the
/// verdict are Pipeline's (DemoRun); summary.json holds every number the targets need.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The alignment ceiling end to end: world, base policies, biased feedback, reward models, best-of-n and RL against one model and a UWO ensemble.",
        discussion: """
        Per seed: generate the synthetic world → SFT the base policy and three more bases (other SFT seeds) → simulate \
        `biased` annotator preferences → train one reward model per base (the first is the single model; all four form the \
        ensemble) → reward eval of both → best-of-n sweep, and a fresh pool on other held-out prompts for the best-n test → \
        the online method against the single model and against UWO → the same two runs with reward models trained on \
        random-flip labels of the same agreement → a paired re-evaluation of every policy on every held-out prompt → \
        OUT/seed-S/. Then OUT/summary.json (every figure; every target as a test of a difference with its SE and z) and \
        a verdict on stdout. Progress per stage goes to stderr. A stage whose \
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
    @Flag(inversion: .prefixedNo, help: "Also run the mitigation with random-flip labels of the biased labels' agreement (default: the size's).")
    var noiseCondition: Bool?
    @Option(help: "Samples per held-out prompt in the paired re-evaluation (default: the size's).") var pairedSamplesPerPrompt: Int?

    func validate() throws {
        guard DemoSize.named(size) != nil else { throw ValidationError("--size must be tiny, small or default") }
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        if let members, !(2...8).contains(members) { throw ValidationError("--members must be between 2 and 8") }
        if let onlineSteps, onlineSteps < 1 { throw ValidationError("--online-steps must be at least 1") }
        if let onlineLearningRate, !(onlineLearningRate > 0) { throw ValidationError("--online-learning-rate must be positive") }
        if let klCoefficient, !(klCoefficient >= 0) { throw ValidationError("--kl-coefficient must be non-negative") }
        if let onlineUWOLambda, !(onlineUWOLambda >= 0) { throw ValidationError("--online-uwo-lambda must be non-negative") }
        if let pairedSamplesPerPrompt, pairedSamplesPerPrompt < 1 { throw ValidationError("--paired-samples-per-prompt must be at least 1") }
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
        if let noiseCondition { settings.noiseCondition = noiseCondition }
        if let pairedSamplesPerPrompt { settings.pairedEvalSamplesPerPrompt = pairedSamplesPerPrompt }
        let start = Date()
        func progress(_ line: String) {
            FileHandle.standardError.write(Data(String(format: "[%6.1f s] %@\n", Date().timeIntervalSince(start), line).utf8))
        }
        let demo = DemoRun(settings: settings, firstSeed: seed, seeds: seeds, folder: URL(fileURLWithPath: out))
        do {
            let summary = try demo.run(progress: progress)
            print("ceiling demo (\(settings.name), \(settings.method.rawValue), \(settings.members) ensemble members, \(seeds) seed(s), \(String(format: "%.0f", summary.totalSeconds)) s)")
            for line in summary.verdict.lines { print(line) }
            print("the ceiling: \(summary.verdict.ceiling)")
            print("best-of-n:   \(summary.verdict.bestOfN)")
            for line in summary.verdict.mitigation { print("mitigation:  \(line)") }
            if let conclusion = summary.verdict.conclusion { print("conclusion:  \(conclusion)") }
            print("time:        \(summary.verdict.time)")
            print("summary: \(demo.summaryURL.path)")
            print("report:  \(demo.reportURL.path)")
        } catch let error as CustomStringConvertible where error is Error {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
