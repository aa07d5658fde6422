import Feedback
import Foundation
import Model
import Optimize
import Reward
import Train

/// Mean and standard error of a paired difference (per-sample b − a over the same held-out samples).
struct PairedDifference: Codable {
    var mean: Double
    var standardError: Double
    /// mean / standard error.
    var z: Double

    init(_ a: [Double], _ b: [Double]) {
        let summary = FigureSummary(zip(a, b).map { $1 - $0 })
        mean = summary.mean
        standardError = summary.standardError
        z = summary.standardError > 0 ? summary.mean / summary.standardError : 0
    }

    enum CodingKeys: String, CodingKey {
        case mean, z
        case standardError = "se"
    }
}

/// The demo's own held-out evaluation, independent of the runs' (so the gold peak, chosen as the best
/// of many noisy evaluations, is measured again without that selection's optimism): the base policy, the
/// single run's peak checkpoint, its final policy and the UWO run's final policy, each on the same held-out
/// samples (same prompts, same random streams: the evaluations are paired).
struct DemoPairedEvaluation {
    struct Result: Codable {
        /// The single run's evaluation step with the highest held-out gold, and its policy's figures here.
        var peakStep: Int
        /// The base policy (step 0).
        var startGold: FigureValue
        var peakGold: FigureValue
        var singleFinalGold: FigureValue
        var uwoFinalGold: FigureValue
        /// single peak − start (positive: gold rose to the peak; the peak is re-measured, not the selected maximum).
        var singlePeakMinusStart: PairedDifference
        /// single final − single peak (negative: gold fell after the peak).
        var singleEndMinusPeak: PairedDifference
        /// uwo final − single final.
        var uwoMinusSingle: PairedDifference
        var samples: Int

        enum CodingKeys: String, CodingKey {
            case samples
            case peakStep = "peak_step"
            case peakGold = "peak_gold"
            case startGold = "start_gold"
            case singlePeakMinusStart = "single_peak_minus_start"
            case singleFinalGold = "single_final_gold"
            case uwoFinalGold = "uwo_final_gold"
            case singleEndMinusPeak = "single_end_minus_peak"
            case uwoMinusSingle = "uwo_minus_single"
        }
    }

    struct FigureValue: Codable {
        var mean: Double
        var se: Double
        init(_ values: [Double]) {
            let summary = FigureSummary(values)
            mean = summary.mean
            se = summary.standardError
        }
    }

    let size: DemoSize
    let seed: UInt64
    let world: World
    let basePolicy: URL
    let reward: URL

    func evaluate(single: URL, singleSummary: OnlineSummary, uwo: URL) throws -> Result {
        let peakStep = singleSummary.peakEvalGold?.step ?? 0
        let peakFolder = peakStep == 0 ? basePolicy
            : single.appendingPathComponent("checkpoints").appendingPathComponent(RunDirectory.checkpointName(step: peakStep))
        let start = try gold(policy: basePolicy)
        let peak = peakStep == 0 ? start
            : try gold(policy: peakStep == singleSummary.steps ? single.appendingPathComponent("checkpoints/final") : peakFolder)
        let singleFinal = try gold(policy: single.appendingPathComponent("checkpoints/final"))
        let uwoFinal = try gold(policy: uwo.appendingPathComponent("checkpoints/final"))
        return Result(peakStep: peakStep, startGold: FigureValue(start), peakGold: FigureValue(peak), singleFinalGold: FigureValue(singleFinal),
                      uwoFinalGold: FigureValue(uwoFinal), singlePeakMinusStart: PairedDifference(start, peak), singleEndMinusPeak: PairedDifference(peak, singleFinal),
                      uwoMinusSingle: PairedDifference(singleFinal, uwoFinal), samples: size.pairedEvalSamples)
    }

    /// Per-sample gold of `policy` on the fixed held-out samples of this seed.
    private func gold(policy url: URL) throws -> [Double] {
        var settings = OnlineSettings()
        if let tokens = size.maxNewTokens { settings.maxNewTokens = tokens }
        if let rows = size.batchSize { settings.batchSize = rows }
        let policy = try ModelDirectory.loadGPT(from: url)
        let reference = try ModelDirectory.loadGPT(from: basePolicy)
        let text = try PolicyText.load(policyDirectory: basePolicy, template: settings.promptTemplate, model: policy)
        let prompts = try PromptSet.load(file: nil, world: world, split: .eval, text: text)
        // Seeds of their own: these samples are not the runs' evaluation samples.
        let producer = try RolloutProducer(policy: policy, reference: reference, text: text, reward: try RewardModels.load(reward),
                                           objective: RewardObjective(), gold: GoldScorer(world: world), temperature: settings.temperature,
                                           maxNewTokens: settings.maxNewTokens, seed: seed &+ 0xDE30_0001, batchSize: settings.batchSize)
        let evaluator = PolicyEvaluator(producer: producer, prompts: prompts, samples: size.pairedEvalSamples, orderSeed: seed &+ 0xDE30_0002)
        let scored = try producer.produce(prompts: prompts, indices: evaluator.indices, samplesPerPrompt: 1,
                                          streams: evaluator.indices.indices.map(UInt64.init), scoringRows: settings.batchSize)
        return scored.sampleFigures["gold_reward"] ?? []
    }
}
