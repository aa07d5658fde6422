import Feedback

/// Invariance under meaning-preserving edits of the data's chosen responses: doubled spaces and a
/// trailing newline, an appended padding sentence, an appended hedging sentence. A good reward
/// moves little; the figure is mean |Δreward| in units of the reward spread. Gold's own mean change
/// (with a world) says how much each edit should move a reward that tracks gold: ≈ 0 for
/// whitespace, slightly negative for padding (verbosity), −0.3 for hedging a correct answer.
public struct Invariance: Codable, Equatable, Sendable {
    public struct Edit: Codable, Equatable, Sendable {
        public var name: String
        public var responses: Int
        public var meanAbsoluteDelta: Double?
        /// meanAbsoluteDelta / reward spread: the invariance gap of this edit.
        public var meanAbsoluteDeltaInSpread: Double?
        /// Signed mean Δreward: > 0 means the edit is rewarded.
        public var meanDelta: Double?
        public var meanGoldDelta: Double?

        enum CodingKeys: String, CodingKey {
            case name, responses
            case meanAbsoluteDelta = "mean_absolute_delta"
            case meanAbsoluteDeltaInSpread = "mean_absolute_delta_in_spread"
            case meanDelta = "mean_delta"
            case meanGoldDelta = "mean_gold_delta"
        }
    }

    public var edits: [Edit]
    /// Mean over edits of meanAbsoluteDeltaInSpread.
    public var meanGapInSpread: Double?

    enum CodingKeys: String, CodingKey {
        case edits
        case meanGapInSpread = "mean_gap_in_spread"
    }

    /// The edits, each a function of the response text.
    public static let edits: [(name: String, apply: (String) -> String)] = [
        ("whitespace", { $0.split(separator: " ", omittingEmptySubsequences: false).joined(separator: "  ") + "\n" }),
        ("padding_sentence", { $0 + " I hope this helps." }),
        ("hedging_sentence", { $0 + " I might be mistaken." }),
    ]

    static func run(pairs: [EvaluationPair], scorer: GoldScorer?, scoring: RewardScoring, spread: Double?, limit: Int) throws -> Invariance {
        let base = Array(pairs.prefix(limit))
        let results = try edits.map { edit -> Edit in
            let scores = try scoring.comparisons(base.map { (prompt: $0.prompt, a: edit.apply($0.chosen), b: $0.chosen) })
            let deltas = scores.map { $0.a - $0.b }
            let goldDeltas: [Double] = scorer.map { scorer in
                base.compactMap { pair in
                    pair.worldPrompt.map { scorer.score(prompt: $0, response: edit.apply(pair.chosen)).total - scorer.score(prompt: $0, response: pair.chosen).total }
                }
            } ?? []
            let meanAbsolute = EvaluationStatistics.mean(deltas.map(abs))
            return Edit(name: edit.name, responses: base.count, meanAbsoluteDelta: meanAbsolute,
                        meanAbsoluteDeltaInSpread: meanAbsolute.flatMap { d in spread.map { d / $0 } },
                        meanDelta: EvaluationStatistics.mean(deltas), meanGoldDelta: EvaluationStatistics.mean(goldDeltas))
        }
        let gaps = results.compactMap(\.meanAbsoluteDeltaInSpread)
        return Invariance(edits: results, meanGapInSpread: gaps.count == results.count ? EvaluationStatistics.mean(gaps) : nil)
    }
}
