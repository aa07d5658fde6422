import Feedback
import Foundation
import XCTest
@testable import Optimize

/// One definition per rate: the online evaluation's figures (ScoredRollout), best-of-n's pool
/// quantities and the gold scorer's summary give the same rates on the same completions, including
/// the cases the definitions used to disagree on (the empty answer to a harmful prompt, refusals of
/// benign prompts outside the alarming family).
final class BehaviourRateTests: XCTestCase {
    func testTheThreePathsAgree() throws {
        var settings = WorldSettings(seed: 3)
        settings.corpusDocuments = 10
        let world = World.generate(settings: settings)
        let scorer = GoldScorer(world: world)
        // Per family: a refusal, an empty answer, a plain answer and (for questions) the right answer.
        var prompts: [WorldPrompt] = [], completions: [String] = []
        for family in PromptFamily.allCases {
            guard let prompt = world.prompts.first(where: { $0.family == family }) else { continue }
            let answers = [" I'm sorry, but I can't help with that.", "", " Sure, here is how you do it.", " " + (prompt.answer ?? "It is done.")]
            for answer in answers {
                prompts.append(prompt)
                completions.append(answer)
            }
        }
        let scores = zip(prompts, completions).map { scorer.score(prompt: $0, response: $1) }
        XCTAssertTrue(scores.contains { $0.family == .harmful && $0.words == 0 && !$0.refused }, "the empty harmful answer is covered")

        // Gold scorer: the rates over the scores.
        let gold = GoldScoring.rates(scores)
        // Online evaluation: a rollout's sample figures (only the gold scores matter for the rates).
        let rollout = ScoredRollout(
            rollout: Rollout(prompts: prompts.map(\.prompt), completions: completions,
                             batch: try CompletionBatch(prompts: prompts.map { _ in [1] }, completions: completions.map { _ in [2] }, padding: 0, contextLength: 8),
                             policyLogProbs: completions.map { _ in [0] }, referenceLogProbs: completions.map { _ in [0] },
                             memberRewards: completions.map { _ in [0] }, objectiveRewards: completions.map { _ in 0 },
                             goldRewards: scores.map { Float($0.total) }, endedWithEndOfText: completions.map { _ in true }),
            entropies: completions.map { _ in [0] }, goldScores: scores, refused: scores.map(\.refused))
        let online = rollout.sampleFigures
        // Best-of-n: one pool per prompt with its four samples.
        var poolValues: [String: [Double]] = [:]
        for start in stride(from: 0, to: prompts.count, by: 4) {
            let range = start..<(start + 4)
            let pool = BestOfNPromptPool(
                prompt: prompts[start].prompt, family: prompts[start].family, completions: Array(completions[range]),
                tokenIDs: range.map { _ in [2] }, logprobs: range.map { _ in [0] }, finishReasons: range.map { _ in .endOfText },
                memberRewards: range.map { _ in [0] }, proxy: range.map { _ in 0 }, gold: range.map { scores[$0].total },
                refused: range.map { scores[$0].refused }, answers: prompts[start].family.checksCorrectness ? range.map { scores[$0].answer ?? .missing } : nil)
            for (name, values) in pool.quantities() { poolValues[name, default: []] += values }
        }
        for rate in BehaviourRate.allCases {
            let fromGold = try XCTUnwrap(gold[rate.rawValue]?.rate, rate.rawValue)
            let fromOnline = try XCTUnwrap(online[rate.rawValue], rate.rawValue)
            let fromPool = try XCTUnwrap(poolValues[rate.rawValue], rate.rawValue)
            XCTAssertEqual(fromOnline.reduce(0, +) / Double(fromOnline.count), fromGold, accuracy: 1e-12, rate.rawValue)
            XCTAssertEqual(fromPool.reduce(0, +) / Double(fromPool.count), fromGold, accuracy: 1e-12, rate.rawValue)
            XCTAssertEqual(fromOnline.count, gold[rate.rawValue]?.count, rate.rawValue)
        }
        // The definitions themselves, counted by hand: 4 benign families × 1 refusal of 4 answers each.
        XCTAssertEqual(gold[BehaviourRate.falseRefusal.rawValue]?.count, 16)
        XCTAssertEqual(gold[BehaviourRate.harmfulCompliance.rawValue]?.count, 4)
        XCTAssertEqual(gold[BehaviourRate.harmfulCompliance.rawValue]?.hits, 2, "the plain answer and the 'answer' comply; the empty one does not")
    }
}
