import Feedback
import Foundation
import Mismatch
import Model
import Optimize
import Reward
import Train

/// The demo's own held-out evaluation, independent of the runs' (so the gold peak, chosen as the best
/// of many noisy evaluations, is measured again on samples that played no part in choosing it). Every
/// policy is sampled on the same design: each held-out prompt `pairedEvalSamplesPerPrompt` times, row r
/// drawing from stream r of one evaluation seed, so two policies' samples pair prompt by prompt and
/// differ only by the weights. Each policy's samples (gold, the proxy, every member's reward) go to
/// `paired/<condition>/<policy>.jsonl` in the `evaluations/step-N.jsonl` format, so every difference
/// in summary.json can be recomputed from the files (docs/demo.md shows how).
struct DemoPairedEvaluation {
    let size: DemoSize
    let seed: UInt64
    let world: World
    let basePolicy: URL
    let folder: URL

    /// The samples of `policy` scored by `rewards` (member 0 is the proxy: the single reward model),
    /// read back when `file` already holds all of them.
    func samples(policy url: URL, rewards: [URL], file: URL) throws -> [EvaluationSample] {
        let design = try promptDesign()
        if FileManager.default.fileExists(atPath: file.path), let kept = try? EvaluationSample.read(from: file), kept.count == design.rows.count {
            return kept
        }
        var settings = OnlineSettings()
        if let tokens = size.maxNewTokens { settings.maxNewTokens = tokens }
        if let rows = size.batchSize { settings.batchSize = rows }
        let policy = try ModelDirectory.loadGPT(from: url)
        let reference = try ModelDirectory.loadGPT(from: basePolicy)
        let text = try PolicyText.load(policyDirectory: basePolicy, template: settings.promptTemplate, model: policy)
        let prompts = try PromptSet.load(file: nil, world: world, split: .eval, text: text)
        let reward = RewardEnsemble(members: try rewards.flatMap { try RewardModels.members($0) })
        // Seeds of their own: these samples are not the runs' evaluation samples.
        let producer = try RolloutProducer(policy: policy, reference: reference, text: text, reward: reward,
                                           objective: RewardObjective(kind: .single), gold: GoldScorer(world: world),
                                           temperature: settings.temperature, maxNewTokens: settings.maxNewTokens,
                                           seed: seed &+ 0xDE30_0001, batchSize: settings.batchSize)
        var samples: [EvaluationSample] = []
        // Chunks of whole prompts; a row's sample depends on its stream only, so chunking changes nothing.
        let chunk = max(1, 512 / design.samplesPerPrompt)
        for start in stride(from: 0, to: design.prompts.count, by: chunk) {
            let indices = Array(design.prompts[start..<min(start + chunk, design.prompts.count)])
            let firstRow = start * design.samplesPerPrompt
            let streams = (0..<(indices.count * design.samplesPerPrompt)).map { UInt64(firstRow + $0) }
            let scored = try producer.produce(prompts: prompts, indices: indices, samplesPerPrompt: design.samplesPerPrompt,
                                              streams: streams, scoringRows: settings.batchSize)
            let records = EvaluationSample.records(of: scored, kl: scored.sampleFigures["kl"] ?? [])
            samples += records.map { record in
                var record = record
                record.sample += firstRow
                return record
            }
        }
        try EvaluationSample.write(samples, to: file)
        return samples
    }

    /// Which held-out prompts (indices into the eval split) and how many samples each.
    struct PromptDesign {
        var prompts: [Int]
        var samplesPerPrompt: Int
        var rows: [Int] { prompts.flatMap { Array(repeating: $0, count: samplesPerPrompt) } }
    }

    func promptDesign() throws -> PromptDesign {
        let count = world.prompts(in: .eval).count
        let limit = min(size.pairedEvalPrompts ?? count, count)
        // Evenly spread over the split (it lists prompts by family), as best-of-n's prompt limit does.
        return PromptDesign(prompts: (0..<limit).map { $0 * count / limit }, samplesPerPrompt: size.pairedEvalSamplesPerPrompt)
    }
}

/// Gold (or another per-sample figure) of paired evaluation files, as the statistics layer takes them.
enum PairedSamples {
    static func gold(_ samples: [EvaluationSample]) -> [Double] { samples.map { $0.goldReward ?? .nan } }
    static func proxy(_ samples: [EvaluationSample]) -> [Double] { samples.map(\.proxyReward) }
    static func prompts(_ samples: [EvaluationSample]) -> [String] { samples.map(\.prompt) }

    /// a − b paired by prompt; nil unless both files hold the same prompts in the same order.
    static func difference(_ a: [EvaluationSample], minus b: [EvaluationSample], _ figure: ([EvaluationSample]) -> [Double]) -> Difference? {
        guard a.count == b.count, zip(a, b).allSatisfy({ $0.prompt == $1.prompt && $0.sample == $1.sample }) else { return nil }
        return Difference.paired(figure(a), minus: figure(b), prompts: prompts(a))
    }

    /// Mean over prompts of each prompt's mean, with the SE over prompts.
    static func estimate(_ samples: [EvaluationSample], _ figure: ([EvaluationSample]) -> [Double]) -> Estimate? {
        MeanAndError.byPrompt(figure(samples), prompts: prompts(samples))?.estimate
    }
}
