import Feedback
import Foundation
import Mismatch
import Optimize
import Reward

/// Every number of one demo seed, with its targets judged (summary.json's `seeds[i]`). Built from the
/// runs' own files and the paired re-evaluation; nothing here trains or samples.
public struct DemoSeedResult: Codable, Equatable, Sendable {
    public struct RewardFigures: Codable, Equatable, Sendable {
        public var labelAccuracy: Double
        public var goldAgreement: Double?
        public var goldErrorAUROC: Double?
        enum CodingKeys: String, CodingKey {
            case labelAccuracy = "label_accuracy"
            case goldAgreement = "gold_agreement"
            case goldErrorAUROC = "gold_error_auroc"
        }
    }

    /// A best-of-n sweep's figures (its own pool; the chosen n is tested on the fresh pool below).
    public struct BestOfNFigures: Codable, Equatable, Sendable {
        public var poolSize: Int
        public var goldAt1: Double?
        public var goldPeakN: Int?
        public var goldPeak: Double?
        public var goldPeakKL: Double?
        public var goldAtN: Double?
        public var proxyAt1: Double
        public var proxyAtN: Double
        /// Gao et al.'s best-of-n form fitted as Mismatch fits it (mismatch.json has the same fit).
        public var fit: OveroptimizationFit?
        enum CodingKeys: String, CodingKey {
            case fit
            case poolSize = "pool_size"
            case goldAt1 = "gold_at_1"
            case goldPeakN = "gold_peak_n"
            case goldPeak = "gold_peak"
            case goldPeakKL = "gold_peak_kl"
            case goldAtN = "gold_at_n"
            case proxyAt1 = "proxy_at_1"
            case proxyAtN = "proxy_at_n"
        }
    }

    /// The best n chosen on the sweep's pool, estimated again on a fresh pool (other prompts, other
    /// samples) next to n = N, paired by prompt.
    public struct FreshBestOfN: Codable, Equatable, Sendable {
        public var chosenN: Int
        /// The n compared with the chosen one: the sweep's pool size N.
        public var n: Int
        /// Samples per prompt of the fresh pool (at least N).
        public var poolSize: Int
        public var prompts: Int
        public var goldAtChosenN: Estimate?
        public var goldAtN: Estimate?
        /// gold(N) − gold(chosen n).
        public var drop: Difference?
        enum CodingKeys: String, CodingKey {
            case prompts, drop, n
            case chosenN = "chosen_n"
            case poolSize = "pool_size"
            case goldAtChosenN = "gold_at_chosen_n"
            case goldAtN = "gold_at_n"
        }
    }

    /// An online run's own held-out evaluations (the peak is chosen here, then re-measured in `paired`).
    public struct OnlineFigures: Codable, Equatable, Sendable {
        public var goldStart: Double?
        public var goldPeak: Double?
        public var goldPeakStep: Int?
        public var goldPeakKL: Double?
        public var goldFinal: Double?
        public var proxyStart: Double?
        public var proxyAtPeak: Double?
        public var proxyFinal: Double?
        public var klFinal: Double?
        public var harmfulComplianceStart: Double?
        public var harmfulComplianceFinal: Double?
        public var falseRefusalStart: Double?
        public var falseRefusalFinal: Double?
        public var lengthStart: Double?
        public var lengthFinal: Double?
        public var goldWinRateFinal: Double?
        public var distinct2Start: Double?
        public var distinct2Final: Double?
        public var evaluations: Int
        /// Gao et al.'s RL form fitted as Mismatch fits it (weighted by 1/SE², d = 0 left out).
        public var fit: OveroptimizationFit?
        enum CodingKeys: String, CodingKey {
            case evaluations, fit
            case goldStart = "gold_start", goldPeak = "gold_peak", goldPeakStep = "gold_peak_step", goldPeakKL = "gold_peak_kl"
            case goldFinal = "gold_final"
            case proxyStart = "proxy_start", proxyAtPeak = "proxy_at_peak", proxyFinal = "proxy_final", klFinal = "kl_final"
            case harmfulComplianceStart = "harmful_compliance_start", harmfulComplianceFinal = "harmful_compliance_final"
            case falseRefusalStart = "false_refusal_start", falseRefusalFinal = "false_refusal_final"
            case lengthStart = "length_start", lengthFinal = "length_final"
            case goldWinRateFinal = "gold_win_rate_final"
            case distinct2Start = "distinct_2_start", distinct2Final = "distinct_2_final"
        }
    }

    public var seed: UInt64
    public var method: String
    public var members: Int
    /// Prompts in the world's held-out (eval) split, which every held-out evaluation draws from.
    public var heldOutPrompts: Int
    /// Agreement with gold of each condition's labels (`biased`, `noise`).
    public var labelGoldAgreement: [String: Double]
    public var singleReward: RewardFigures
    public var ensembleReward: RewardFigures
    public var bestOfNSingle: BestOfNFigures
    public var bestOfNUWO: BestOfNFigures
    public var bestOfNFresh: FreshBestOfN
    /// condition → objective (`single`, `uwo`) → figures.
    public var online: [String: [String: OnlineFigures]]
    public var paired: DemoPairedResult
    public var targets: DemoSeedTargets
    public var stageSeconds: [String: Double]
    /// Stages an earlier invocation had completed (read back, not run).
    public var reusedStages: Int

    enum CodingKeys: String, CodingKey {
        case seed, method, members, paired, targets, online
        case heldOutPrompts = "held_out_prompts"
        case labelGoldAgreement = "label_gold_agreement"
        case singleReward = "single_reward", ensembleReward = "ensemble_reward"
        case bestOfNSingle = "best_of_n_single", bestOfNUWO = "best_of_n_uwo", bestOfNFresh = "best_of_n_fresh"
        case stageSeconds = "stage_seconds"
        case reusedStages = "reused_stages"
    }

    /// The online figures of one condition and objective.
    public func online(_ condition: DemoCondition, _ objective: RewardObjectiveKind) -> OnlineFigures? {
        online[condition.rawValue]?[objective.rawValue]
    }

    init(seed: UInt64, size: DemoSize, folder: URL, heldOutPrompts: Int, labels: AgreementReport, noiseLabels: AgreementReport?,
         singleEval: RewardEvalReport, ensembleEval: RewardEvalReport, bestOfNSingle: BestOfNSummary, bestOfNUWO: BestOfNSummary,
         online: [DemoCondition: [RewardObjectiveKind: OnlineSummary]], paired: DemoPairedResult,
         stageSeconds: [(stage: String, seconds: Double)], reusedStages: Int) throws {
        self.seed = seed
        method = size.method.rawValue
        members = size.members
        self.heldOutPrompts = heldOutPrompts
        var agreement: [String: Double] = [:]
        agreement[DemoCondition.biased.rawValue] = labels.goldAgreement.rate
        agreement[DemoCondition.noise.rawValue] = noiseLabels?.goldAgreement.rate
        labelGoldAgreement = agreement
        singleReward = Self.rewardFigures(singleEval)
        ensembleReward = Self.rewardFigures(ensembleEval)
        self.bestOfNSingle = try Self.bestOfNFigures(bestOfNSingle, run: folder.appendingPathComponent("bon-single"))
        self.bestOfNUWO = try Self.bestOfNFigures(bestOfNUWO, run: folder.appendingPathComponent("bon-uwo"))
        self.bestOfNFresh = try Self.fresh(chosenN: bestOfNSingle.goldPeakN ?? bestOfNSingle.poolSize, sweepN: bestOfNSingle.poolSize,
                                           run: folder.appendingPathComponent(DemoFiles.freshBestOfN))
        var figures: [String: [String: OnlineFigures]] = [:]
        for (condition, runs) in online {
            for (objective, summary) in runs {
                let name = DemoFiles.onlineRun(method: size.method, objective: objective, condition: condition)
                figures[condition.rawValue, default: [:]][objective.rawValue] = try Self.onlineFigures(summary, run: folder.appendingPathComponent(name))
            }
        }
        self.online = figures
        self.paired = paired
        let biased = paired[.biased]
        let fresh = self.bestOfNFresh
        targets = DemoSeedTargets(
            peakMinusStart: biased?.peakMinusStart, endMinusPeak: biased?.endMinusPeak, proxyEndMinusPeak: biased?.proxyEndMinusPeak,
            bestOfNDrop: fresh.chosenN == fresh.n ? nil : fresh.drop,
            bestOfNUnmeasured: fresh.chosenN == fresh.n ? "the sweep's best n is its pool size: no fall to test" : nil,
            peakIsStart: paired.peakStep == 0)
        self.stageSeconds = Dictionary(stageSeconds.map { ($0.stage, $0.seconds) }, uniquingKeysWith: +)
        self.reusedStages = reusedStages
    }

    static func rewardFigures(_ report: RewardEvalReport) -> RewardFigures {
        RewardFigures(labelAccuracy: report.accuracy.accuracy, goldAgreement: report.goldAgreement?.rewardGoldAgreement,
                      goldErrorAUROC: report.ensemble?.goldErrorAUROC)
    }

    /// Mismatch's gold fit of a run (the one mismatch.json reports), in the form Gao et al. give for it.
    static func goldFit(run: URL, form: OveroptimizationForm) throws -> OveroptimizationFit? {
        OveroptimizationCurve.extract(from: try RunRecord.read(run)).goldFits?.fit(form)
    }

    static func bestOfNFigures(_ summary: BestOfNSummary, run: URL) throws -> BestOfNFigures {
        BestOfNFigures(poolSize: summary.poolSize, goldAt1: summary.goldRewardAt1, goldPeakN: summary.goldPeakN,
                       goldPeak: summary.goldPeak, goldPeakKL: summary.goldPeakKL, goldAtN: summary.goldRewardAtN,
                       proxyAt1: summary.proxyRewardAt1, proxyAtN: summary.proxyRewardAtN, fit: try goldFit(run: run, form: .bestOfN))
    }

    /// gold(N) − gold(chosen n) on the fresh pool, N the sweep's pool size: each prompt's unbiased
    /// estimates from its (larger) fresh pool, paired by prompt.
    static func fresh(chosenN: Int, sweepN: Int, run: URL) throws -> FreshBestOfN {
        let pools = try BestOfNPoolFile.read(run.appendingPathComponent(BestOfNRun.poolName)).pools
        let analysis = try BestOfNAnalysis(pools: pools)
        let prompts = pools.map(\.prompt)
        let atChosen = analysis.goldByPrompt(n: chosenN), atN = analysis.goldByPrompt(n: sweepN)
        func estimate(_ values: [Double]?) -> Estimate? {
            values.flatMap { MeanAndError($0)?.estimate }
        }
        var drop: Difference?
        if let atChosen, let atN { drop = Difference.paired(atN, minus: atChosen, prompts: prompts) }
        return FreshBestOfN(chosenN: chosenN, n: sweepN, poolSize: pools.first?.count ?? 0, prompts: pools.count, goldAtChosenN: estimate(atChosen),
                            goldAtN: estimate(atN), drop: drop)
    }

    static func onlineFigures(_ summary: OnlineSummary, run: URL) throws -> OnlineFigures {
        let rows = try OnlineMetricsRow.read(from: run.appendingPathComponent("metrics.jsonl"))
        let evaluated = rows.filter { $0.values["eval/gold_reward"] != nil }
        let first = evaluated.first?.values, last = evaluated.last?.values
        let peakRow = evaluated.first { $0.step == summary.peakEvalGold?.step }?.values
        return OnlineFigures(
            goldStart: first?["eval/gold_reward"], goldPeak: summary.peakEvalGold?.value, goldPeakStep: summary.peakEvalGold?.step,
            goldPeakKL: summary.peakEvalGold?.kl, goldFinal: last?["eval/gold_reward"],
            proxyStart: first?["eval/proxy_reward"], proxyAtPeak: peakRow?["eval/proxy_reward"], proxyFinal: last?["eval/proxy_reward"],
            klFinal: last?["eval/kl"], harmfulComplianceStart: first?["eval/harmful_compliance_rate"],
            harmfulComplianceFinal: last?["eval/harmful_compliance_rate"], falseRefusalStart: first?["eval/false_refusal_rate"],
            falseRefusalFinal: last?["eval/false_refusal_rate"], lengthStart: first?["eval/response_length"],
            lengthFinal: last?["eval/response_length"], goldWinRateFinal: last?["eval/gold_win_rate"],
            distinct2Start: first?["eval/distinct_2"], distinct2Final: last?["eval/distinct_2"],
            evaluations: evaluated.count, fit: try goldFit(run: run, form: .reinforcement))
    }
}
