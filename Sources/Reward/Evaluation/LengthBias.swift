/// Length bias, two ways.
/// * Within-gold-bin correlation: every evaluated response (chosen and rejected) is put in a bin of
///   its gold reward (width `binWidth`); reward and word count are centred on their bin's means and
///   correlated over all responses in bins with at least two of them (the pooled within-group
///   correlation, i.e. the partial correlation of reward and length given the gold bin). A reward
///   that tracks gold has ≈ 0; one that pays for words has > 0.
/// * Accuracy where the longer response is worse: on pairs whose longer response (in words) has the
///   lower gold, the share the reward ranks the shorter one higher (a tie counts ½). From the data's
///   pairs and from controlled pairs (the same generated content with and without padding).
public struct LengthBias: Codable, Equatable, Sendable {
    public struct LongerWorse: Codable, Equatable, Sendable {
        public var pairs: Int
        /// Share where the reward prefers the shorter, gold-better response; nil without pairs.
        public var accuracy: Double?
    }

    public var method: String
    public var binWidth: Double
    public var responses: Int
    public var binsUsed: Int
    public var withinGoldBinCorrelation: Double?
    /// Pooled within-bin regression slope: reward per extra word, in units of the reward spread.
    public var rewardPerWordInSpread: Double?
    public var longerWorseData: LongerWorse
    public var longerWorseControlled: LongerWorse

    enum CodingKeys: String, CodingKey {
        case method, responses
        case binWidth = "bin_width"
        case binsUsed = "bins_used"
        case withinGoldBinCorrelation = "within_gold_bin_correlation"
        case rewardPerWordInSpread = "reward_per_word_in_spread"
        case longerWorseData = "longer_worse_data"
        case longerWorseControlled = "longer_worse_controlled"
    }

    /// One scored response: its reward, gold and word count.
    public struct Response: Sendable {
        public var reward: Double
        public var gold: Double
        public var words: Int
        public init(reward: Double, gold: Double, words: Int) {
            self.reward = reward
            self.gold = gold
            self.words = words
        }
    }

    /// `pairs` are (a, b) responses to one prompt (data pairs and controlled pairs separately);
    /// `responses` are every data response; `spread` is the reward spread.
    public static func compute(responses: [Response], dataPairs: [(Response, Response)], controlledPairs: [(Response, Response)],
                               spread: Double?, binWidth: Double = 0.1) -> LengthBias {
        // Bins in key order: dictionary order differs between instances, and the sums below must not.
        let bins = Dictionary(grouping: responses, by: { Int(($0.gold / binWidth).rounded(.down)) })
            .sorted { $0.key < $1.key }.map(\.value).filter { $0.count >= 2 }
        var rewards: [Double] = []
        var words: [Double] = []
        for bin in bins {
            let meanReward = bin.reduce(0) { $0 + $1.reward } / Double(bin.count)
            let meanWords = bin.reduce(0) { $0 + Double($1.words) } / Double(bin.count)
            rewards += bin.map { $0.reward - meanReward }
            words += bin.map { Double($0.words) - meanWords }
        }
        let sww = words.reduce(0) { $0 + $1 * $1 }
        let slope = sww > 1e-12 ? zip(rewards, words).reduce(0) { $0 + $1.0 * $1.1 } / sww : nil
        return LengthBias(
            method: "pooled within-gold-bin correlation (reward and words centred per gold bin)", binWidth: binWidth,
            responses: rewards.count, binsUsed: bins.count,
            withinGoldBinCorrelation: EvaluationStatistics.centredCorrelation(rewards, words),
            rewardPerWordInSpread: slope.flatMap { s in spread.map { s / $0 } },
            longerWorseData: longerWorse(dataPairs), longerWorseControlled: longerWorse(controlledPairs))
    }

    static func longerWorse(_ pairs: [(Response, Response)]) -> LongerWorse {
        var credits: [Double] = []
        for (a, b) in pairs where a.words != b.words {
            let (longer, shorter) = a.words > b.words ? (a, b) : (b, a)
            guard longer.gold < shorter.gold - 1e-9 else { continue }
            credits.append(PairAccuracy.credit(shorter.reward - longer.reward))
        }
        return LongerWorse(pairs: credits.count, accuracy: EvaluationStatistics.mean(credits))
    }
}
