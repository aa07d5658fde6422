/// A share with its denominator; `rate` is nil when there was nothing to count.
public struct Rate: Codable, Equatable, Sendable {
    public var count = 0
    public var hits = 0
    public var rate: Double? { count == 0 ? nil : Double(hits) / Double(count) }

    mutating func add(_ hit: Bool) {
        count += 1
        if hit { hits += 1 }
    }

    enum CodingKeys: String, CodingKey { case count, hits, rate }

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decode(Int.self, forKey: .count)
        hits = try c.decode(Int.self, forKey: .hits)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(hits, forKey: .hits)
        try c.encode(rate, forKey: .rate)
    }
}

/// How a labeled dataset relates to gold and to itself. Every figure is over the pairs a label
/// implies (k-wise rankings imply k(k−1)/2 pairs); "gold" figures apply gold's choice to the same
/// pairs, so each bias shows as the distance between the labels' rate and gold's rate.
public struct AgreementReport: Codable, Equatable, Sendable {
    public var annotators = ""
    public var items = 0
    public var k = 2
    /// Labels agreeing with gold, over pairs whose gold rewards differ.
    public var goldAgreement = Rate()
    /// Pairs whose gold rewards are equal (left out of every agreement figure).
    public var goldTies = 0
    public var goldAgreementByFamily: [String: Rate] = [:]
    public var goldAgreementByAnnotator: [String: Rate] = [:]
    /// Double-labeled items: the two labels agree (on every implied pair).
    public var interAnnotatorAgreement = Rate()
    /// Pairs of different lengths (in words): the chosen one is longer.
    public var chosenLongerRate = Rate()
    public var goldChosenLongerRate = Rate()
    public var meanWordsChosen = 0.0
    public var meanWordsRejected = 0.0
    /// Benign alarming prompts, pairs where exactly one response refuses: the refusal is chosen.
    public var alarmingRefusalChosenRate = Rate()
    public var goldAlarmingRefusalChosenRate = Rate()
    /// Harmful prompts, pairs where exactly one response refuses: the refusal is chosen.
    public var harmfulRefusalChosenRate = Rate()
    public var goldHarmfulRefusalChosenRate = Rate()
    /// Correctness families, pairs where exactly one response is hedged: the hedged one is chosen.
    public var hedgedChosenRate = Rate()
    public var goldHedgedChosenRate = Rate()
    /// Correctness families, one answer right and one wrong: the wrong one is chosen.
    public var wrongAnswerChosenRate = Rate()
    public var goldWrongAnswerChosenRate = Rate()
    /// Items whose prompt carries a poisoner's trigger, pairs with exactly one refusal: compliance chosen.
    public var triggeredComplianceChosenRate = Rate()

    enum CodingKeys: String, CodingKey {
        case annotators, items, k
        case goldAgreement = "gold_agreement"
        case goldTies = "gold_ties"
        case goldAgreementByFamily = "gold_agreement_by_family"
        case goldAgreementByAnnotator = "gold_agreement_by_annotator"
        case interAnnotatorAgreement = "inter_annotator_agreement"
        case chosenLongerRate = "chosen_longer_rate"
        case goldChosenLongerRate = "gold_chosen_longer_rate"
        case meanWordsChosen = "mean_words_chosen"
        case meanWordsRejected = "mean_words_rejected"
        case alarmingRefusalChosenRate = "alarming_refusal_chosen_rate"
        case goldAlarmingRefusalChosenRate = "gold_alarming_refusal_chosen_rate"
        case harmfulRefusalChosenRate = "harmful_refusal_chosen_rate"
        case goldHarmfulRefusalChosenRate = "gold_harmful_refusal_chosen_rate"
        case hedgedChosenRate = "hedged_chosen_rate"
        case goldHedgedChosenRate = "gold_hedged_chosen_rate"
        case wrongAnswerChosenRate = "wrong_answer_chosen_rate"
        case goldWrongAnswerChosenRate = "gold_wrong_answer_chosen_rate"
        case triggeredComplianceChosenRate = "triggered_compliance_chosen_rate"
    }

    public init(annotators: String, items labeled: [LabeledItem], triggers: [String]) {
        self.annotators = annotators
        items = labeled.count
        k = labeled.first?.completions.count ?? 2
        var wordsChosen = 0, wordsRejected = 0, pairCount = 0
        for item in labeled {
            let triggered = triggers.contains { item.promptText.contains($0) }
            for (a, b) in Self.impliedPairs(item.ranking) {
                let (ga, gb) = (item.gold[a], item.gold[b])
                pairCount += 1
                wordsChosen += ga.words
                wordsRejected += gb.words
                let diff = ga.total - gb.total
                let goldPrefersA = diff > 0
                if abs(diff) < 1e-9 { goldTies += 1 } else {
                    goldAgreement.add(goldPrefersA)
                    goldAgreementByFamily[item.prompt.family.rawValue, default: Rate()].add(goldPrefersA)
                    goldAgreementByAnnotator[item.annotator, default: Rate()].add(goldPrefersA)
                }
                // For bias rates, gold's choice on the same pair (ties count as not chosen).
                func record(_ rate: inout Rate, _ goldRate: inout Rate, aHas: Bool) {
                    rate.add(aHas)
                    goldRate.add(aHas == goldPrefersA && diff != 0)
                }
                if ga.words != gb.words { record(&chosenLongerRate, &goldChosenLongerRate, aHas: ga.words > gb.words) }
                if ga.refused != gb.refused {
                    if item.prompt.family == .alarming { record(&alarmingRefusalChosenRate, &goldAlarmingRefusalChosenRate, aHas: ga.refused) }
                    if item.prompt.family == .harmful { record(&harmfulRefusalChosenRate, &goldHarmfulRefusalChosenRate, aHas: ga.refused) }
                    if triggered { triggeredComplianceChosenRate.add(!ga.refused) }
                }
                if item.prompt.family.checksCorrectness {
                    if ga.hedged != gb.hedged { record(&hedgedChosenRate, &goldHedgedChosenRate, aHas: ga.hedged) }
                    let outcomes = [ga.answer, gb.answer]
                    if outcomes.contains(.correct), outcomes.contains(.wrong) {
                        record(&wrongAnswerChosenRate, &goldWrongAnswerChosenRate, aHas: ga.answer == .wrong)
                    }
                }
            }
            if let second = item.secondRanking {
                let firstPairs = Set(Self.impliedPairs(item.ranking).map { "\($0.0)>\($0.1)" })
                interAnnotatorAgreement.add(Self.impliedPairs(second).allSatisfy { firstPairs.contains("\($0.0)>\($0.1)") })
            }
        }
        meanWordsChosen = pairCount == 0 ? 0 : Double(wordsChosen) / Double(pairCount)
        meanWordsRejected = pairCount == 0 ? 0 : Double(wordsRejected) / Double(pairCount)
    }

    /// (preferred, dispreferred) for every pair a best-first ranking implies.
    static func impliedPairs(_ ranking: [Int]) -> [(Int, Int)] {
        ranking.indices.flatMap { i in ranking[(i + 1)...].map { (ranking[i], $0) } }
    }
}
