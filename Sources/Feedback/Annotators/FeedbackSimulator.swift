/// Responses to one prompt waiting for a label.
public struct CandidateSet: Sendable {
    public var prompt: WorldPrompt
    public var completions: [String]
    public init(prompt: WorldPrompt, completions: [String]) {
        self.prompt = prompt
        self.completions = completions
    }
}

/// One labeled item: k responses to a prompt, ranked best first by one annotator (and, for a
/// double-labeled item, independently by a second one), with the gold reward of each response.
public struct LabeledItem: Sendable {
    public var prompt: WorldPrompt
    /// The prompt as the annotator showed it (a poisoner appends its trigger).
    public var promptText: String
    public var completions: [String]
    public var gold: [GoldScore]
    public var annotator: String
    public var ranking: [Int]
    public var secondAnnotator: String?
    public var secondRanking: [Int]?

    /// The output record: a pair for k = 2 (`scores` = gold of chosen and rejected), a ranking
    /// otherwise (`scores` = gold of each completion in `completions` order).
    public var record: PreferenceRecord {
        let family = prompt.family.rawValue
        if completions.count == 2 {
            return .pair(PreferencePair(prompt: .text(promptText), chosen: .text(completions[ranking[0]]),
                                        rejected: .text(completions[ranking[1]]), annotator: annotator, family: family,
                                        scores: [gold[ranking[0]].total, gold[ranking[1]].total]))
        }
        return .ranking(RankedCompletions(prompt: .text(promptText), completions: completions.map { .text($0) }, ranking: ranking,
                                          annotator: annotator, family: family, scores: gold.map(\.total)))
    }
}

/// Labels responses with a pool of simulated annotators. Candidates and labels come from separate
/// random streams, so two pools given the same seed label exactly the same responses.
public struct FeedbackSimulator: Sendable {
    public let world: World
    public let pool: AnnotatorPool
    public let scorer: GoldScorer
    /// Attempts to find a candidate whose gold differs from those already drawn (informative pairs).
    public var distinctGoldAttempts = 20

    public init(world: World, pool: AnnotatorPool) {
        self.world = world
        self.pool = pool
        scorer = GoldScorer(world: world)
    }

    /// Items of k responses from the world's generator, on prompts of `split` drawn by the family mix.
    public func simulateGenerated(items: Int, k: Int, split: Split = .train, seed: UInt64) -> [LabeledItem] {
        var candidatesRandom = WorldRandom(seed: seed, stream: "candidates")
        var labelsRandom = WorldRandom(seed: seed, stream: "labels")
        let generator = ResponseGenerator(world: world)
        let byFamily = PromptFamily.allCases.map { family in world.prompts.filter { $0.family == family && $0.split == split } }
        let weights = PromptFamily.allCases.enumerated().map { i, family in byFamily[i].isEmpty ? 0 : world.settings.familyMix[family] }
        guard weights.contains(where: { $0 > 0 }) else { return [] }
        return (0..<items).map { _ in
            let prompt = candidatesRandom.pick(byFamily[candidatesRandom.weightedIndex(weights)])
            var completions: [String] = []
            var golds: [Double] = []
            for _ in 0..<k {
                var text = generator.sample(for: prompt, random: &candidatesRandom).text
                var gold = scorer.score(prompt: prompt, response: text).total
                for _ in 0..<distinctGoldAttempts {
                    if !completions.contains(text), !golds.contains(where: { abs($0 - gold) < 1e-9 }) { break }
                    text = generator.sample(for: prompt, random: &candidatesRandom).text
                    gold = scorer.score(prompt: prompt, response: text).total
                }
                completions.append(text)
                golds.append(gold)
            }
            return label(CandidateSet(prompt: prompt, completions: completions), random: &labelsRandom)
        }
    }

    /// Items of k distinct completions drawn from given sets (policy samples); each item picks a set
    /// uniformly, then k of its completions (preferring distinct texts).
    public func simulate(samples: [CandidateSet], items: Int, k: Int, seed: UInt64) -> [LabeledItem] {
        var candidatesRandom = WorldRandom(seed: seed, stream: "candidates")
        var labelsRandom = WorldRandom(seed: seed, stream: "labels")
        let usable = samples.filter { $0.completions.count >= k }
        guard !usable.isEmpty else { return [] }
        return (0..<items).map { _ in
            let set = usable[candidatesRandom.below(usable.count)]
            var best: [Int] = []
            for _ in 0..<10 {
                var indices = Array(set.completions.indices)
                candidatesRandom.shuffle(&indices)
                best = Array(indices.prefix(k))
                if Set(best.map { set.completions[$0] }).count == k { break }
            }
            return label(CandidateSet(prompt: set.prompt, completions: best.map { set.completions[$0] }), random: &labelsRandom)
        }
    }

    /// One label (and maybe a second, independent one) for a candidate set.
    public func label(_ candidates: CandidateSet, random: inout WorldRandom) -> LabeledItem {
        let gold = candidates.completions.map { scorer.score(prompt: candidates.prompt, response: $0) }
        let first = pool.draw(&random)
        var promptText = candidates.prompt.prompt
        if let trigger = first.trigger, random.chance(first.triggerRate) { promptText += " " + trigger }
        var item = LabeledItem(prompt: candidates.prompt, promptText: promptText, completions: candidates.completions, gold: gold,
                               annotator: first.name, ranking: rank(candidates, promptText, gold, by: first, &random))
        if random.chance(pool.doubleLabelRate) {
            let second = pool.draw(&random)
            item.secondAnnotator = second.name
            item.secondRanking = rank(candidates, promptText, gold, by: second, &random)
        }
        return item
    }

    private func rank(_ candidates: CandidateSet, _ promptText: String, _ gold: [GoldScore], by annotator: Annotator,
                      _ random: inout WorldRandom) -> [Int] {
        let utilities = candidates.completions.indices.map {
            annotator.utility(prompt: candidates.prompt, promptText: promptText, response: candidates.completions[$0], scorer: scorer,
                              fullScore: gold[$0])
        }
        return Labeler.rank(utilities: utilities, temperature: annotator.temperature, flipRate: annotator.flipRate, random: &random)
    }
}
