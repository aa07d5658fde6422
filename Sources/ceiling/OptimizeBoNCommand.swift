import ArgumentParser
import Feedback
import Foundation
import Optimize

/// `ceiling optimize bon`: best-of-n and rejection sampling from one pool per prompt (issue 8, item 2).
/// Parsing and wiring only; the run lives in Sources/Optimize/BestOfN.
struct OptimizeBoNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bon",
        abstract: "Best-of-n sweep: draw N samples per prompt once, report proxy and gold reward of best-of-n for n = 1, 2, 4, …, N.",
        discussion: """
        For each prompt, N completions are sampled from the policy and scored by the reward members (normalized), \
        combined by --objective, and by the gold reward when --world is given. From each prompt's pool, sorted by the \
        objective, the unbiased estimate of best-of-n's expected proxy, gold, length, refusal rate, … is \
        Σᵢ C(i−1, n−1)/C(N, n)·g₍ᵢ₎ (no resampling). Writes RUN/config.json, RUN/pool.jsonl (every sample with its \
        scores), RUN/metrics.jsonl (one row per n: kl = log n − (n−1)/n, kl_empirical, sqrt_kl, proxy_reward, \
        gold_reward, … each with a standard error over prompts) and RUN/summary.json (gold peak, verdict, rejection \
        sampling). See docs/optimize-bon.md.
        """
    )

    @Option(help: "The policy's model directory (config.json, model.safetensors, tokenizer.json), e.g. RUN/checkpoints/final of `train sft`.")
    var policy: String?

    @Option(help: "Reward model, ensemble or reward run directories, comma-separated; all their members form one ensemble.")
    var reward: String?

    @Option(help: "How members combine: single (the first member), mean, wco (minimum), uwo (mean − λ·variance).")
    var objective = RewardObjectiveKind.single.rawValue

    @Option(name: .customLong("uwo-lambda"), help: "λ of the uwo objective (Coste et al. used 0.5 for best-of-n).")
    var uwoLambda = BestOfNConfig().uwoLambda

    @Option(help: "World directory: enables gold reward, accuracy and refusal figures; its eval split is the default prompt set.")
    var world: String?

    @Option(name: .customLong("prompts-file"), help: "JSONL with a string field \"prompt\" per line (default: the world's --split prompts).")
    var promptsFile: String?

    @Option(help: "Which split of the world's prompts to use without --prompts-file: train, eval or test.")
    var split = Split.eval.rawValue

    @Option(name: .customLong("prompts"), help: "At most K prompts, spread evenly over the list (default: all).")
    var promptLimit: Int?

    @Option(name: .customLong("n"), help: "Pool size N: samples drawn per prompt; the sweep reports n = 1, 2, 4, …, N.")
    var n = BestOfNConfig().n

    @Option(help: "Sampling temperature: only 1 (the pool's log-probs and the analytic KL are those of the policy itself).") var temperature = BestOfNConfig().temperature

    @Option(name: .customLong("max-tokens"), help: "Most tokens sampled per completion.")
    var maxTokens = BestOfNConfig().maxNewTokens

    @Option(name: .customLong("batch-size"), help: "Sequences sampled together (does not change the samples; their log-probs only to rounding).")
    var batchSize = BestOfNConfig().samplingBatchSize

    @Option(help: "Seed of every draw (sample j of prompt i uses random stream i·N + j).")
    var seed: UInt64 = 0

    @Option(help: "The run directory to create.") var out: String?

    @Option(help: "Continue the interrupted run in this directory with its config.json (keeps its pool so far), or re-analyse a finished one.")
    var resume: String?

    func validate() throws {
        // Plain strings (not ExpressibleByArgument conformances, which other commands may declare too).
        guard RewardObjectiveKind(rawValue: objective) != nil else {
            throw ValidationError("--objective must be one of \(RewardObjectiveKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard Split(rawValue: split) != nil else { throw ValidationError("--split must be train, eval or test") }
        if resume == nil {
            guard policy != nil, reward != nil, out != nil else { throw ValidationError("give --policy, --reward and --out (or --resume RUN)") }
        } else if policy != nil || reward != nil || out != nil || world != nil || promptsFile != nil {
            throw ValidationError("--resume RUN takes every setting from RUN/config.json; leave out --policy, --reward, --world, --prompts-file and --out")
        }
    }

    func run() throws {
        do {
            let run: BestOfNRun
            if let resume {
                run = try BestOfNRun(resuming: URL(fileURLWithPath: resume))
            } else {
                var config = BestOfNConfig()
                config.policy = policy ?? ""
                config.reward = (reward ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                config.objective = RewardObjectiveKind(rawValue: objective) ?? .single
                config.uwoLambda = uwoLambda
                config.world = world
                config.promptsFile = promptsFile
                config.split = Split(rawValue: split) ?? .eval
                config.promptLimit = promptLimit
                config.n = n
                config.temperature = temperature
                config.maxNewTokens = maxTokens
                config.samplingBatchSize = batchSize
                config.seed = seed
                config.out = out ?? ""
                run = BestOfNRun(config: config)
            }
            var progress: ProgressLine?
            var lastDone = 0
            let start = Date()
            try run.run { event in
                switch event {
                case let .started(prompts, poolSize, reused):
                    Log.ceiling.info("best-of-n: \(prompts) prompts × \(poolSize) samples\(reused > 0 ? ", \(reused) prompts' pools reused" : "")")
                    progress = ProgressLine(total: prompts, firstStep: reused, unit: "samples", plainEvery: max(1, prompts / 10))
                    lastDone = reused
                case let .pooled(done, total):
                    progress?.update(done: done, units: Double((done - lastDone) * run.config.n),
                                     detail: "prompts sampled and scored (\(total * run.config.n) samples in all)")
                    lastDone = done
                case let .finished(summary):
                    Log.ceiling.info("\(String(format: "best-of-n finished in %.1f s; wrote %@", Date().timeIntervalSince(start), run.directory.path))")
                    print(summary.verdict)
                }
            }
        } catch let error as CustomStringConvertible where error is Error {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
