import Foundation
import Statistics

/// summary.json of a best-of-n run: the ends of the sweep, the gold peak and the verdict.
public struct BestOfNSummary: Encodable, Sendable {
    public var method = "bon"
    public var objective: RewardObjectiveKind
    public var prompts: Int
    /// N, the samples drawn per prompt.
    public var poolSize: Int
    public var proxyRewardAt1: Double
    public var proxyRewardAtN: Double
    public var klAtN: Double
    public var klEmpiricalAtN: Double
    public var goldRewardAt1: Double?
    /// The n with the highest mean gold estimate (the smallest such n).
    public var goldPeakN: Int?
    public var goldPeak: Double?
    public var goldPeakKL: Double?
    public var goldRewardAtN: Double?
    /// Gold at the peak minus gold at N, and the standard error of that difference (paired over prompts).
    public var goldDrop: Double?
    public var goldDropSE: Double?
    /// The fall tested without reusing the samples that chose the peak: the best n is chosen on the
    /// even-numbered prompts, and gold(N) − gold(that n) is estimated on the odd-numbered ones (paired by prompt).
    public var goldFallTest: SplitFallTest?
    /// Whether that held-out difference lies more than `peakStandardErrors` standard errors below 0.
    public var goldFallsAfterPeak: Bool?
    public var verdict: String
    public var rejectionSampling: [BestOfNRow]
    public var pool = "pool.jsonl"

    enum CodingKeys: String, CodingKey {
        case method, objective, prompts, verdict, pool
        case poolSize = "pool_size"
        case proxyRewardAt1 = "proxy_reward_at_1"
        case proxyRewardAtN = "proxy_reward_at_n"
        case klAtN = "kl_at_n"
        case klEmpiricalAtN = "kl_empirical_at_n"
        case goldRewardAt1 = "gold_reward_at_1"
        case goldPeakN = "gold_peak_n"
        case goldPeak = "gold_peak"
        case goldPeakKL = "gold_peak_kl"
        case goldRewardAtN = "gold_reward_at_n"
        case goldDrop = "gold_drop"
        case goldDropSE = "gold_drop_se"
        case goldFallsAfterPeak = "gold_falls_after_peak"
        case goldFallTest = "gold_fall_test"
        case rejectionSampling = "rejection_sampling"
    }

    public init(analysis: BestOfNAnalysis, objective: RewardObjectiveKind, prompts: Int, peakStandardErrors: Double) {
        let first = analysis.rows[0], last = analysis.rows[analysis.rows.count - 1]
        let N = last.n ?? 1
        self.objective = objective
        self.prompts = prompts
        poolSize = N
        proxyRewardAt1 = first["proxy_reward"] ?? .nan
        proxyRewardAtN = last["proxy_reward"] ?? .nan
        klAtN = last["kl"] ?? .nan
        klEmpiricalAtN = last["kl_empirical"] ?? .nan
        rejectionSampling = analysis.rejection
        guard let atN = last["gold_reward"], let peakRow = analysis.rows.max(by: { ($0["gold_reward"] ?? -.infinity) < ($1["gold_reward"] ?? -.infinity) }),
              let peak = peakRow["gold_reward"], let peakN = peakRow.n else {
            verdict = String(format: "no world, so no gold: proxy %.3f at n = 1 → %.3f at n = %d", proxyRewardAt1, proxyRewardAtN, N)
            return
        }
        goldRewardAt1 = first["gold_reward"]
        goldPeakN = peakN
        goldPeak = peak
        goldPeakKL = peakRow["kl"]
        goldRewardAtN = atN
        goldDrop = peak - atN
        if let peakByPrompt = analysis.goldByN[peakN], let lastByPrompt = analysis.goldByN[N] {
            goldDropSE = PromptEstimates.standardError(zip(peakByPrompt, lastByPrompt).map { $0 - $1 })
        }
        let rise = String(format: "gold %.3f at n = 1, peak %.3f at n = %d (KL %.2f), %.3f at n = %d", goldRewardAt1 ?? .nan, peak, peakN,
                          goldPeakKL ?? .nan, atN, N)
        goldFallTest = SplitFallTest(analysis: analysis, poolSize: N)
        if peakN == N {
            goldFallsAfterPeak = false
            verdict = String(format: "gold %.3f at n = 1 rises to %.3f at n = %d: no ceiling within this pool", goldRewardAt1 ?? .nan, atN, N)
            return
        }
        guard let test = goldFallTest, let difference = test.difference else {
            verdict = rise + ": too few prompts to choose n on one half and test it on the other"
            return
        }
        if test.chosenN == N {
            goldFallsAfterPeak = false
            verdict = rise + String(format: "; the even-numbered prompts peak at n = %d: no fall within this pool", N)
            return
        }
        let falls = (difference.z ?? 0) <= -peakStandardErrors
        goldFallsAfterPeak = falls
        verdict = rise + String(format: "; chosen on half the prompts, n = %d, then on the other half gold(N) − gold(n) %@: ", test.chosenN,
                                difference.description)
            + (falls ? "overoptimization (gold peaks, then falls)" : String(format: "not %.0f standard errors below it", peakStandardErrors))
    }
}

/// Best-of-n's fall from its best n, tested on prompts that did not choose it: the sweep's per-prompt
/// estimates of the even-numbered prompts choose n (highest mean gold, the smallest such n), and the
/// odd-numbered prompts estimate gold(N) − gold(n), paired by prompt.
public struct SplitFallTest: Encodable, Sendable {
    public var chosenN: Int
    public var selectionPrompts: Int
    public var testPrompts: Int
    /// gold(N) − gold(chosen n) on the test half.
    public var difference: Difference?

    enum CodingKeys: String, CodingKey {
        case difference
        case chosenN = "chosen_n"
        case selectionPrompts = "selection_prompts"
        case testPrompts = "test_prompts"
    }

    /// Nil with fewer than 4 prompts (each half needs two for a standard error) or without gold.
    init?(analysis: BestOfNAnalysis, poolSize N: Int) {
        let ns = analysis.rows.compactMap(\.n)
        guard let first = analysis.goldByPrompt(n: 1), first.count >= 4 else { return nil }
        let selection = stride(from: 0, to: first.count, by: 2).map { $0 }, test = stride(from: 1, to: first.count, by: 2).map { $0 }
        func mean(_ n: Int, _ prompts: [Int]) -> Double {
            guard let values = analysis.goldByPrompt(n: n) else { return -.infinity }
            return prompts.reduce(0) { $0 + values[$1] } / Double(prompts.count)
        }
        var chosen = ns[0]
        for n in ns where mean(n, selection) > mean(chosen, selection) { chosen = n }
        chosenN = chosen
        selectionPrompts = selection.count
        testPrompts = test.count
        guard let atN = analysis.goldByPrompt(n: N), let atChosen = analysis.goldByPrompt(n: chosen) else { return nil }
        difference = Difference.paired(test.map { atN[$0] }, minus: test.map { atChosen[$0] }, prompts: test.map { "prompt \($0)" })
    }
}
