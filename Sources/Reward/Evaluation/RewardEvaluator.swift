import Feedback

/// Runs the whole evaluation suite on any `RewardFunction`: the analyses of the preference data
/// always, the gold-based figures and the controlled probes when a world is given.
public struct RewardEvaluator {
    public struct Options: Sendable {
        /// Seed of the controlled responses.
        public var seed: UInt64 = 1
        /// Most prompts per controlled probe and most responses edited for invariance.
        public var probeLimit = 200
        public var calibrationBins = 10
        public init() {}
    }

    public let reward: any RewardFunction
    public let world: World?
    public var options: Options

    public init(reward: any RewardFunction, world: World?, options: Options = Options()) {
        self.reward = reward
        self.world = world
        self.options = options
    }

    static let needsWorld = "needs --world: gold rewards and controlled responses come from the synthetic world"

    public func evaluate(_ data: EvaluationData, inputs: RewardEvalReport.Inputs) throws -> RewardEvalReport {
        let scoring = RewardScoring(reward: reward)
        let scored = try ScoredPairs.score(data.pairs, with: scoring)
        let margins = scored.margins
        let spread = scored.rewardSpread
        let families = data.pairs.map(\.family)
        let accuracy = PairAccuracy.compute(margins: margins, families: families)
        var notComputed: [String: String] = [:]

        // Gold of every data response, when a world can score it.
        let scorer = world.map { GoldScorer(world: $0) }
        var golds: [(chosen: GoldScore, rejected: GoldScore)]?
        if let scorer {
            golds = data.pairs.compactMap { pair in
                pair.worldPrompt.map { (scorer.score(prompt: $0, response: pair.chosen), scorer.score(prompt: $0, response: pair.rejected)) }
            }
            if golds?.count != data.pairs.count { golds = nil }
        }
        let goldMargins = golds?.map { $0.chosen.total - $0.rejected.total }

        var report = RewardEvalReport(
            inputs: inputs, seed: options.seed, probeLimit: options.probeLimit, members: max(reward.memberCount, 1),
            records: .init(read: data.recordsRead, pairsEvaluated: data.pairs.count, skippedUnpaired: data.skippedUnpaired,
                           pairsFromRankings: data.pairsFromRankings, triggerStripped: data.triggerStripped),
            rewardSpread: spread, accuracy: accuracy, calibration: Calibration.compute(margins: margins, binCount: options.calibrationBins),
            notComputed: [:])

        if let goldMargins {
            report.goldAgreement = GoldAgreement.compute(margins: margins, goldMargins: goldMargins, families: families,
                                                         labelAccuracy: accuracy.accuracy)
            if report.goldAgreement == nil { notComputed["gold_agreement"] = "every pair is a gold tie" }
        } else {
            notComputed["gold_agreement"] = Self.needsWorld
            notComputed["inherited_preferences"] = Self.needsWorld
        }

        if let golds { report.inheritedPreferences = InheritedPreferences.compute(margins: margins, golds: golds) }
        if let world, let golds {
            let controlled = ControlledResponses(world: world, seed: options.seed)
            report.lengthBias = try lengthBias(scored: scored, golds: golds, controlled: controlled, scoring: scoring, spread: spread)
            report.refusalBias = try RefusalBias.run(controlled, scoring: scoring, spread: spread, limit: options.probeLimit)
            report.adversarial = try AdversarialResponses.run(controlled, scoring: scoring, spread: spread, limit: options.probeLimit)
        } else {
            for section in ["length_bias", "refusal_bias", "adversarial"] { notComputed[section] = Self.needsWorld }
        }
        report.invariance = try Invariance.run(pairs: data.pairs, scorer: scorer, scoring: scoring, spread: spread, limit: options.probeLimit)

        let memberMargins = data.pairs.indices.map { i in zip(scored.chosen[i], scored.rejected[i]).map { $0 - $1 } }
        report.ensemble = EnsembleDisagreement.compute(memberMargins: memberMargins, goldMargins: goldMargins)
        if report.ensemble == nil { notComputed["ensemble"] = "the reward function has a single member" }
        if spread == nil { notComputed["reward_spread"] = "every evaluated response has the same reward; figures in spread units are omitted" }
        report.notComputed = notComputed
        return report
    }

    private func lengthBias(scored: ScoredPairs, golds: [(chosen: GoldScore, rejected: GoldScore)], controlled: ControlledResponses,
                            scoring: RewardScoring, spread: Double?) throws -> LengthBias {
        let mean = { (row: [Double]) in row.reduce(0, +) / Double(max(row.count, 1)) }
        let dataPairs = scored.pairs.indices.map { i in
            (LengthBias.Response(reward: mean(scored.chosen[i]), gold: golds[i].chosen.total, words: golds[i].chosen.words),
             LengthBias.Response(reward: mean(scored.rejected[i]), gold: golds[i].rejected.total, words: golds[i].rejected.words))
        }
        // Controlled: the same generated content with and without a preamble and a postamble.
        let prompts = controlled.prompts(Set(PromptFamily.allCases).subtracting([.harmful]), limit: options.probeLimit)
        let texts = prompts.map { prompt in
            (prompt: prompt.prompt, a: controlled.response(prompt, ControlledResponses.padded, purpose: "padding"),
             b: controlled.response(prompt, ControlledResponses.helpful, purpose: "padding"))
        }
        let kept = texts.indices.filter { texts[$0].a != texts[$0].b }
        let rewards = try scoring.comparisons(kept.map { texts[$0] })
        let scorer = GoldScorer(world: controlled.world)
        let controlledPairs = zip(kept, rewards).map { i, reward -> (LengthBias.Response, LengthBias.Response) in
            let padded = scorer.score(prompt: prompts[i], response: texts[i].a)
            let plain = scorer.score(prompt: prompts[i], response: texts[i].b)
            return (LengthBias.Response(reward: reward.a, gold: padded.total, words: padded.words),
                    LengthBias.Response(reward: reward.b, gold: plain.total, words: plain.words))
        }
        return LengthBias.compute(responses: dataPairs.flatMap { [$0.0, $0.1] }, dataPairs: dataPairs, controlledPairs: controlledPairs,
                                  spread: spread)
    }
}
