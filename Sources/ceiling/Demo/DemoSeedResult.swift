import Foundation
import Mismatch
import Optimize
import Report
import Reward

/// Every number of one demo seed that issue 9's targets need, with the targets judged (summary.json's
/// `seeds[i]`). Built from the runs' own files; nothing here trains or samples.
struct DemoSeedResult: Codable {
    struct RewardFigures: Codable {
        var labelAccuracy: Double
        var goldAgreement: Double?
        var goldErrorAUROC: Double?
        enum CodingKeys: String, CodingKey {
            case labelAccuracy = "label_accuracy"
            case goldAgreement = "gold_agreement"
            case goldErrorAUROC = "gold_error_auroc"
        }
    }

    struct BestOfNFigures: Codable {
        var poolSize: Int
        var goldAt1: Double?
        var goldPeakN: Int?
        var goldPeak: Double?
        var goldPeakKL: Double?
        var goldAtN: Double?
        /// peak − gold at n = N, with the paired (per-prompt) standard error.
        var goldDrop: Double?
        var goldDropSE: Double?
        var proxyAt1: Double
        var proxyAtN: Double
        var fit: OveroptimizationFit?
        enum CodingKeys: String, CodingKey {
            case fit
            case poolSize = "pool_size"
            case goldAt1 = "gold_at_1"
            case goldPeakN = "gold_peak_n"
            case goldPeak = "gold_peak"
            case goldPeakKL = "gold_peak_kl"
            case goldAtN = "gold_at_n"
            case goldDrop = "gold_drop"
            case goldDropSE = "gold_drop_se"
            case proxyAt1 = "proxy_at_1"
            case proxyAtN = "proxy_at_n"
        }
    }

    struct OnlineFigures: Codable {
        var goldStart: Double?
        var goldPeak: Double?
        var goldPeakStep: Int?
        var goldPeakKL: Double?
        var goldFinal: Double?
        var goldFinalSE: Double?
        var proxyStart: Double?
        var proxyAtPeak: Double?
        var proxyFinal: Double?
        var klFinal: Double?
        var harmfulComplianceStart: Double?
        var harmfulComplianceFinal: Double?
        var falseRefusalStart: Double?
        var falseRefusalFinal: Double?
        var lengthStart: Double?
        var lengthFinal: Double?
        var evaluations: Int
        var fit: OveroptimizationFit?
        enum CodingKeys: String, CodingKey {
            case evaluations, fit
            case goldStart = "gold_start", goldPeak = "gold_peak", goldPeakStep = "gold_peak_step", goldPeakKL = "gold_peak_kl"
            case goldFinal = "gold_final", goldFinalSE = "gold_final_se"
            case proxyStart = "proxy_start", proxyAtPeak = "proxy_at_peak", proxyFinal = "proxy_final", klFinal = "kl_final"
            case harmfulComplianceStart = "harmful_compliance_start", harmfulComplianceFinal = "harmful_compliance_final"
            case falseRefusalStart = "false_refusal_start", falseRefusalFinal = "false_refusal_final"
            case lengthStart = "length_start", lengthFinal = "length_final"
        }
    }

    struct Targets: Codable {
        /// Online, single reward model: held-out gold peaked after step 0, and the peak policy's gold,
        /// measured again on the paired samples, is above the base policy's …
        var goldRisesToPeak: Bool
        /// … and the final policy's gold is below the peak policy's by more than 3 standard errors of the
        /// held-out estimate (the demo's paired re-evaluation; `singleEndMinusPeak` also has the paired SE) …
        var goldEndsBelowPeakBy3SE: Bool
        /// … while the proxy at the end is above the proxy at the peak.
        var proxyKeepsRising: Bool
        /// Best-of-n (single): gold peaks at some n < 64 and is lower at n = 64 (the pool size).
        var bestOfNPeaksBelow64: Bool
        /// UWO's final gold is not below the single model's by more than 2 paired standard errors.
        var uwoNotWorseBy2SE: Bool
        enum CodingKeys: String, CodingKey {
            case goldRisesToPeak = "gold_rises_to_peak"
            case goldEndsBelowPeakBy3SE = "gold_ends_below_peak_by_3se"
            case proxyKeepsRising = "proxy_keeps_rising"
            case bestOfNPeaksBelow64 = "best_of_n_peaks_below_64"
            case uwoNotWorseBy2SE = "uwo_not_worse_by_2se"
        }
    }

    var seed: UInt64
    var method: String
    var members: Int
    /// Prompts in the world's held-out (eval) split, which every held-out evaluation draws from.
    var heldOutPrompts: Int
    var labelGoldAgreement: Double?
    var singleReward: RewardFigures
    var ensembleReward: RewardFigures
    var bestOfNSingle: BestOfNFigures
    var bestOfNUWO: BestOfNFigures
    var onlineSingle: OnlineFigures
    var onlineUWO: OnlineFigures
    var paired: DemoPairedEvaluation.Result
    /// (end − peak) / SE of the held-out estimate of the end (unpaired; the target's wording).
    var endMinusPeakInSE: Double
    var errorCorrelation: MemberErrorCorrelation?
    var targets: Targets
    var stageSeconds: [String: Double]
    /// Stages an earlier invocation had completed (read back, not run).
    var reusedStages: Int

    enum CodingKeys: String, CodingKey {
        case seed, method, members, paired, targets
        case heldOutPrompts = "held_out_prompts"
        case labelGoldAgreement = "label_gold_agreement"
        case singleReward = "single_reward", ensembleReward = "ensemble_reward"
        case bestOfNSingle = "best_of_n_single", bestOfNUWO = "best_of_n_uwo"
        case onlineSingle = "online_single", onlineUWO = "online_uwo"
        case endMinusPeakInSE = "end_minus_peak_in_se"
        case errorCorrelation = "error_correlation"
        case stageSeconds = "stage_seconds"
        case reusedStages = "reused_stages"
    }

    init(seed: UInt64, size: DemoSize, heldOutPrompts: Int, labelGoldAgreement: Double?, singleEval: RewardEvalReport, ensembleEval: RewardEvalReport,
         bestOfNSingle: BestOfNSummary, bestOfNUWO: BestOfNSummary, bestOfNSinglePool: URL, bestOfNUWOPool: URL,
         onlineSingle: OnlineSummary, onlineUWO: OnlineSummary, onlineSingleRun: URL,
         paired: DemoPairedEvaluation.Result, stageSeconds: [(stage: String, seconds: Double)], reusedStages: Int) throws {
        self.seed = seed
        method = size.method.rawValue
        members = size.members
        self.heldOutPrompts = heldOutPrompts
        self.labelGoldAgreement = labelGoldAgreement
        singleReward = Self.rewardFigures(singleEval)
        ensembleReward = Self.rewardFigures(ensembleEval)
        self.bestOfNSingle = try Self.bestOfNFigures(bestOfNSingle, run: bestOfNSinglePool)
        self.bestOfNUWO = try Self.bestOfNFigures(bestOfNUWO, run: bestOfNUWOPool)
        let singleRows = try OnlineMetricsRow.read(from: onlineSingleRun.appendingPathComponent("metrics.jsonl"))
        self.onlineSingle = Self.onlineFigures(onlineSingle, rows: singleRows)
        let uwoRows = try OnlineMetricsRow.read(from: onlineSingleRun.deletingLastPathComponent()
            .appendingPathComponent("\(size.method.rawValue)-uwo/metrics.jsonl"))
        self.onlineUWO = Self.onlineFigures(onlineUWO, rows: uwoRows)
        self.paired = paired
        let drop = paired.singleEndMinusPeak.mean
        endMinusPeakInSE = paired.singleFinalGold.se > 0 ? drop / paired.singleFinalGold.se : 0
        errorCorrelation = try PoolErrorCorrelation.measure(run: bestOfNUWOPool)
        targets = Targets(
            goldRisesToPeak: (self.onlineSingle.goldPeakStep ?? 0) > 0 && paired.singlePeakMinusStart.mean > 0,
            goldEndsBelowPeakBy3SE: endMinusPeakInSE < -3,
            proxyKeepsRising: (self.onlineSingle.proxyFinal ?? -.infinity) > (self.onlineSingle.proxyAtPeak ?? .infinity),
            bestOfNPeaksBelow64: (self.bestOfNSingle.goldPeakN ?? .max) < 64 && self.bestOfNSingle.poolSize >= 64
                && (self.bestOfNSingle.goldDrop ?? 0) > 0,
            uwoNotWorseBy2SE: paired.uwoMinusSingle.mean >= -2 * paired.uwoMinusSingle.standardError)
        self.stageSeconds = Dictionary(stageSeconds.map { ($0.stage, $0.seconds) }, uniquingKeysWith: +)
        self.reusedStages = reusedStages
    }

    static func rewardFigures(_ report: RewardEvalReport) -> RewardFigures {
        RewardFigures(labelAccuracy: report.accuracy.accuracy, goldAgreement: report.goldAgreement?.rewardGoldAgreement,
                      goldErrorAUROC: report.ensemble?.goldErrorAUROC)
    }

    static func bestOfNFigures(_ summary: BestOfNSummary, run: URL) throws -> BestOfNFigures {
        let pools = try BestOfNPoolFile.read(run.appendingPathComponent(BestOfNRun.poolName)).pools
        let rows = try BestOfNAnalysis(pools: pools).rows
        var fit: OveroptimizationFit?
        if let start = rows.first?["gold_reward"] {
            let points = rows.compactMap { row in row["sqrt_kl"].flatMap { d in row["gold_reward"].map { (d, $0 - start) } } }
            fit = OveroptimizationFit.fit(form: .bestOfN, d: points.map(\.0), gains: points.map(\.1))
        }
        return BestOfNFigures(poolSize: summary.poolSize, goldAt1: summary.goldRewardAt1, goldPeakN: summary.goldPeakN,
                              goldPeak: summary.goldPeak, goldPeakKL: summary.goldPeakKL, goldAtN: summary.goldRewardAtN,
                              goldDrop: summary.goldDrop, goldDropSE: summary.goldDropSE, proxyAt1: summary.proxyRewardAt1,
                              proxyAtN: summary.proxyRewardAtN, fit: fit)
    }

    static func onlineFigures(_ summary: OnlineSummary, rows: [OnlineMetricsRow]) -> OnlineFigures {
        let evaluated = rows.filter { $0.values["eval/gold_reward"] != nil }
        let first = evaluated.first?.values, last = evaluated.last?.values
        let peakRow = evaluated.first { $0.step == summary.peakEvalGold?.step }?.values
        var fit: OveroptimizationFit?
        if let start = first?["eval/gold_reward"] {
            let points = evaluated.compactMap { row in
                row.values["eval/kl"].flatMap { kl in row.values["eval/gold_reward"].map { ((max(kl, 0)).squareRoot(), $0 - start) } }
            }
            fit = OveroptimizationFit.fit(form: .reinforcement, d: points.map(\.0), gains: points.map(\.1))
        }
        return OnlineFigures(
            goldStart: first?["eval/gold_reward"], goldPeak: summary.peakEvalGold?.value, goldPeakStep: summary.peakEvalGold?.step,
            goldPeakKL: summary.peakEvalGold?.kl, goldFinal: last?["eval/gold_reward"], goldFinalSE: last?["eval/gold_reward_se"],
            proxyStart: first?["eval/proxy_reward"], proxyAtPeak: peakRow?["eval/proxy_reward"], proxyFinal: last?["eval/proxy_reward"],
            klFinal: last?["eval/kl"], harmfulComplianceStart: first?["eval/harmful_compliance_rate"],
            harmfulComplianceFinal: last?["eval/harmful_compliance_rate"], falseRefusalStart: first?["eval/false_refusal_rate"],
            falseRefusalFinal: last?["eval/false_refusal_rate"], lengthStart: first?["eval/response_length"],
            lengthFinal: last?["eval/response_length"], evaluations: evaluated.count, fit: fit)
    }
}
