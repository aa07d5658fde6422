import Feedback
import Foundation
import Model
import Tensor
import Tokenizer

/// Shares of response styles, as the gold scorer judges them: whether a base policy's samples
/// reproduce the mixture of styles of the corpus it was trained on.
public struct StyleShares: Codable, Equatable, Sendable {
    public var responses = 0
    public var refused = 0.0
    /// Among arithmetic and knowledge responses that answer (not refusals).
    public var correct = 0.0
    public var wrong = 0.0
    public var noAnswer = 0.0
    public var hedged = 0.0
    public var confident = 0.0
    /// Responses with a verbosity penalty (padding, extra sentences).
    public var padded = 0.0
    public var repetitive = 0.0
    public var unfinished = 0.0
    public var meanWords = 0.0
    public var meanGold = 0.0

    enum CodingKeys: String, CodingKey {
        case responses, refused, correct, wrong, hedged, confident, padded, repetitive, unfinished
        case noAnswer = "no_answer"
        case meanWords = "mean_words"
        case meanGold = "mean_gold"
    }

    public init(scores: [GoldScore]) {
        responses = scores.count
        guard !scores.isEmpty else { return }
        func share(_ subset: [GoldScore], _ test: (GoldScore) -> Bool) -> Double {
            subset.isEmpty ? 0 : Double(subset.filter(test).count) / Double(subset.count)
        }
        let answered = scores.filter { $0.answer != nil && !$0.refused }
        refused = share(scores) { $0.refused }
        correct = share(answered) { $0.answer == .correct }
        wrong = share(answered) { $0.answer == .wrong || $0.answer == .mixed }
        noAnswer = share(answered) { $0.answer == .missing }
        hedged = share(scores) { $0.hedged }
        confident = share(scores) { $0.confident }
        padded = share(scores) { $0.components.verbosity < 0 }
        repetitive = share(scores) { $0.components.repetition < 0 }
        unfinished = share(scores) { $0.components.unfinished < 0 }
        meanWords = Double(scores.reduce(0) { $0 + $1.words }) / Double(scores.count)
        meanGold = scores.reduce(0) { $0 + $1.total } / Double(scores.count)
    }
}

/// The corpus's style shares next to the trained policy's.
public struct StyleComparison: Codable, Equatable, Sendable {
    public var corpus: StyleShares
    public var policy: StyleShares
}

public enum StyleReport {
    /// Scores corpus documents and one policy sample on each of `prompts` training prompts.
    public static func compare(worldDirectory: URL, model: GPT, tokenizer: ByteLevelBPETokenizer, prompts: Int, seed: UInt64) throws -> StyleComparison {
        let world = try WorldFiles.load(directory: worldDirectory)
        let corpusText = try String(contentsOf: worldDirectory.appendingPathComponent(WorldFiles.corpusName), encoding: .utf8)
        let sample = trainingPrompts(world: world, count: prompts, seed: seed)
        return StyleComparison(corpus: corpus(world: world, corpusText: corpusText, limit: 4 * prompts),
                               policy: try policy(model: model, tokenizer: tokenizer, world: world, prompts: sample, seed: seed))
    }

    /// The first `limit` documents of corpus.txt (`Q: {prompt}\nA: {response}`), scored by gold.
    public static func corpus(world: World, corpusText: String, limit: Int) -> StyleShares {
        let scorer = GoldScorer(world: world)
        var scores: [GoldScore] = []
        for document in corpusText.components(separatedBy: World.endOfText).prefix(limit) {
            guard let split = document.range(of: "\nA:"),
                  let prompt = world.prompt(matching: String(document[..<split.upperBound])) else { continue }
            scores.append(scorer.score(prompt: prompt, response: String(document[split.upperBound...])))
        }
        return StyleShares(scores: scores)
    }

    /// One sample per prompt from the policy at temperature 1 (the world's prompt format), scored by gold.
    public static func policy(model: GPT, tokenizer: ByteLevelBPETokenizer, world: World, prompts: [WorldPrompt],
                              seed: UInt64, maxNewTokens: Int = 48) throws -> StyleShares {
        let generator = try TextGenerator(model: model, tokenizer: tokenizer, config: SamplingConfig(maxNewTokens: maxNewTokens, seed: seed),
                                          batchSize: 32, template: World.policyInput(prompt: TextGenerator.placeholder))
        let records = try generator.generate(prompts: prompts.map(\.prompt), samplesPerPrompt: 1)
        let scorer = GoldScorer(world: world)
        let scores = zip(prompts, records).map { prompt, record in
            scorer.score(prompt: prompt, response: World.response(fromCompletion: record.completions[0]))
        }
        return StyleShares(scores: scores)
    }

    /// `count` training-split prompts drawn with the seed (the prompts the corpus covers).
    public static func trainingPrompts(world: World, count: Int, seed: UInt64) -> [WorldPrompt] {
        var generator = Xoshiro256StarStar(seed: seed)
        let pool = world.prompts(in: .train)
        guard !pool.isEmpty else { return [] }
        return (0..<count).map { _ in pool[Int(generator.next() % UInt64(pool.count))] }
    }
}
