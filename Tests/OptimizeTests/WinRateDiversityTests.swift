import Feedback
import Foundation
import Model
import XCTest
@testable import Optimize

/// The gold win rate against the reference policy and distinct-n across a prompt's samples.
final class WinRateDiversityTests: XCTestCase {
    func testDistinctNByHand() {
        // Two identical samples: every n-gram appears twice.
        XCTAssertEqual(Diversity.distinct(1, samples: [[1, 2, 3], [1, 2, 3]]), 0.5)
        // [1 2 1] and [3 4]: unigrams 1,2,1,3,4 → 4 distinct of 5; bigrams (1 2)(2 1)(3 4) → 3 of 3.
        XCTAssertEqual(Diversity.distinct(1, samples: [[1, 2, 1], [3, 4]]), 0.8)
        XCTAssertEqual(Diversity.distinct(2, samples: [[1, 2, 1], [3, 4]]), 1.0)
        XCTAssertNil(Diversity.distinct(2, samples: [[1], []]))
    }

    private func sample(_ i: Int, _ prompt: String, gold: Double?) -> EvaluationSample {
        EvaluationSample(sample: i, prompt: prompt, family: nil, completion: "", proxyReward: 0, memberRewards: [0], goldReward: gold,
                         kl: 0, responseLength: 0, refused: false)
    }

    func testGoldWinsPairSampleBySample() throws {
        let reference = [sample(0, "a", gold: 0.1), sample(1, "b", gold: 0.5), sample(2, "c", gold: -0.2)]
        let policy = [sample(0, "a", gold: 0.3), sample(1, "b", gold: 0.5), sample(2, "c", gold: -0.9)]
        XCTAssertEqual(PolicyEvaluator.goldWins(policy, against: reference), [1, 0.5, 0])
        XCTAssertEqual(PolicyEvaluator.goldWins(reference, against: reference), [0.5, 0.5, 0.5])
        // Other prompts, another length or no gold: not paired, no win rate.
        XCTAssertNil(PolicyEvaluator.goldWins([sample(0, "x", gold: 1)] + policy.dropFirst(), against: reference))
        XCTAssertNil(PolicyEvaluator.goldWins(Array(policy.prefix(2)), against: reference))
        XCTAssertNil(PolicyEvaluator.goldWins(policy, against: []))
        XCTAssertNil(PolicyEvaluator.goldWins([sample(0, "a", gold: nil)], against: [sample(0, "a", gold: 1)]))
    }

    func testEvaluationReportsWinRateAndDiversity() throws {
        let setup = try PolicyEvalTests.Setup()
        let evaluator = PolicyEvaluator(producer: try setup.producer(), prompts: setup.heldOut, samples: 24, orderSeed: 4,
                                        diversityPrompts: 5, diversitySamplesPerPrompt: 3)
        let reference = try evaluator.evaluate()
        // The reference's own evaluation ties with itself everywhere.
        XCTAssertEqual(reference[PolicyEvaluator.goldWinRate]?.mean, 0.5)
        XCTAssertEqual(reference[PolicyEvaluator.goldWinRate]?.standardError, 0)
        // Diversity: one value per probe prompt, recomputed from the probe's own samples.
        XCTAssertEqual(reference["distinct_1"]?.count, 5)
        let scored = try setup.producer().produce(prompts: setup.heldOut, indices: evaluator.diversityIndices, samplesPerPrompt: 3,
                                                  streams: (0..<15).map { PolicyEvaluator.diversityStreamBase + UInt64($0) }, scoringRows: 16)
        let r = scored.rollout
        let tokens = r.batch.completions.indices.map { Array(r.batch.completions[$0].dropLast(r.endedWithEndOfText[$0] ? 1 : 0)) }
        let expected = (0..<5).compactMap { p in Diversity.distinct(1, samples: Array(tokens[(3 * p)..<(3 * p + 3)])) }
        XCTAssertEqual(try XCTUnwrap(reference["distinct_1"]).mean, expected.reduce(0, +) / Double(expected.count), accuracy: 1e-12)
        // The probe draws on streams of its own: the evaluation samples are those of an evaluator without it.
        let plain = try PolicyEvaluator(producer: try setup.producer(), prompts: setup.heldOut, samples: 24, orderSeed: 4).evaluate()
        XCTAssertEqual(plain.samples, reference.samples)
        XCTAssertNil(plain["distinct_1"])
        // Against a reference whose gold is lower everywhere, every sample wins.
        let lower = reference.samples.map { s -> EvaluationSample in var s = s; s.goldReward = (s.goldReward ?? 0) - 1; return s }
        XCTAssertEqual(try evaluator.evaluate(reference: lower)[PolicyEvaluator.goldWinRate]?.mean, 1)
    }
}
