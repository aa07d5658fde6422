import Foundation

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
    /// Whether gold at N lies more than `peakStandardErrors` standard errors below the peak.
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
        if peakN == N {
            goldFallsAfterPeak = false
            verdict = String(format: "gold %.3f at n = 1 rises to %.3f at n = %d: no ceiling within this pool", goldRewardAt1 ?? .nan, atN, N)
        } else if let se = goldDropSE {
            let falls = peak - atN > peakStandardErrors * se
            goldFallsAfterPeak = falls
            verdict = rise + String(format: ": %.3f ± %.3f below the peak, ", peak - atN, se)
                + (falls ? "overoptimization (gold peaks, then falls)" : String(format: "within %.0f standard errors of it", peakStandardErrors))
        } else {
            verdict = rise + ": one prompt, no standard error"
        }
    }
}
