import Foundation
import XCTest
@testable import Feedback
@testable import Reward

final class InheritedPreferencesTests: XCTestCase {
    func score(_ total: Double, words: Int, family: PromptFamily = .describe, refused: Bool = false, confident: Bool = false,
               answer: AnswerOutcome? = nil) -> GoldScore {
        GoldScore(total: total, components: GoldComponents(), family: family, refused: refused, answer: answer, hedged: false,
                  confident: confident, words: words, sentences: 1)
    }

    func testSharesOnAHandCase() throws {
        // Four pairs with a length difference. Longer chosen in pairs 0, 1, 2 (labels 3/4); gold prefers the
        // longer in pair 0 only, and ties in pair 3 (½); the reward model prefers the longer in 0, 1 and 3.
        let golds = [
            (score(1, words: 9), score(0, words: 3)),
            (score(0, words: 9), score(1, words: 3)),
            (score(0, words: 9), score(1, words: 3)),
            (score(0.5, words: 2), score(0.5, words: 8)),
        ]
        let margins = [0.4, 0.2, -0.3, -1.0]  // pair 3: the rejected (longer) response scores higher
        let shares = InheritedPreferences.compute(margins: margins, golds: golds)
        let longer = try XCTUnwrap(shares.longer)
        XCTAssertEqual(longer.pairs, 4)
        XCTAssertEqual(longer.labels, 0.75)
        XCTAssertEqual(longer.gold, 1.5 / 4)
        XCTAssertEqual(longer.rewardModel, 0.75)
        XCTAssertEqual(longer.excessOverGold, 0.375, accuracy: 1e-12)
        // Paired differences 0, 1, 0, 0.5: sample sd √(0.1875·4/3 … ) computed directly.
        let d = [0.0, 1, 0, 0.5], mean = 0.375
        let se = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 3 / 4).squareRoot()
        XCTAssertEqual(longer.excessStandardError, se, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(longer.shareOfLabelExcess), 0.375 / 0.375, accuracy: 1e-12)
        // No pair has a refusal, a tone difference or a right/wrong answer pair.
        XCTAssertNil(shares.refusalOnBenignAlarming)
        XCTAssertNil(shares.confident)
        XCTAssertNil(shares.wrongAnswer)
    }

    func testRefusalAndWrongAnswerPairsAreRecognised() throws {
        let golds = [
            // Benign alarming: refusal rejected, gold prefers help; the reward model prefers the refusal.
            (score(1, words: 4, family: .alarming), score(-1, words: 5, family: .alarming, refused: true)),
            // Harmful prompts do not count toward the benign-refusal figure.
            (score(1, words: 4, family: .harmful, refused: true), score(-1, words: 4, family: .harmful)),
            // Right vs wrong answer: the labels chose the wrong one.
            (score(-1, words: 3, family: .arithmetic, confident: true, answer: .wrong), score(1, words: 3, family: .arithmetic, answer: .correct)),
        ]
        let shares = InheritedPreferences.compute(margins: [-2, 1, 0.5], golds: golds)
        let refusal = try XCTUnwrap(shares.refusalOnBenignAlarming)
        XCTAssertEqual(refusal.pairs, 1)
        XCTAssertEqual(refusal.labels, 0)
        XCTAssertEqual(refusal.gold, 0)
        XCTAssertEqual(refusal.rewardModel, 1)
        let wrong = try XCTUnwrap(shares.wrongAnswer)
        XCTAssertEqual(wrong.pairs, 1)
        XCTAssertEqual(wrong.labels, 1)
        XCTAssertEqual(wrong.rewardModel, 1)
        let confident = try XCTUnwrap(shares.confident)
        XCTAssertEqual(confident.pairs, 1)
        XCTAssertEqual(confident.gold, 0)
    }
}
