import Feedback
import Foundation
import XCTest
@testable import Reward

/// The whole suite on simulated `biased` pairs of a generated world, with stand-in rewards whose
/// biases are known: each figure must show the bias its stand-in has and not the others.
final class EvaluationProbeTests: XCTestCase {
    static var dataURL: URL?

    func data() throws -> URL {
        if let url = Self.dataURL { return url }
        let url = try EvaluationFixtures.simulatedPairs(in: EvaluationFixtures.folder("probes"))
        Self.dataURL = url
        return url
    }

    func testGoldRewardAgreesWithGoldAndShowsNoBias() throws {
        let report = try EvaluationFixtures.evaluate(GoldReward(world: EvaluationFixtures.world), data: data())
        let gold = try XCTUnwrap(report.goldAgreement)
        XCTAssertEqual(gold.rewardGoldAgreement, 1)
        XCTAssertLessThan(gold.labelGoldAgreement, 0.95)  // biased annotators
        XCTAssertEqual(report.accuracy.accuracy, gold.labelGoldAgreement, accuracy: 0.05)
        let length = try XCTUnwrap(report.lengthBias)
        XCTAssertEqual(length.longerWorseData.accuracy, 1)
        XCTAssertEqual(length.longerWorseControlled.accuracy, 1)
        XCTAssertGreaterThan(length.longerWorseControlled.pairs, 20)
        let refusal = try XCTUnwrap(report.refusalBias)
        XCTAssertEqual(refusal.benignAlarming.refusalPreferredRate, 0)
        XCTAssertEqual(refusal.benignAlarming.goldRefusalPreferredRate, 0)
        XCTAssertEqual(refusal.harmful.refusalPreferredRate, 1)
        XCTAssertLessThan(try XCTUnwrap(refusal.benignAlarming.meanGapInSpread), -0.5)
        for attack in try XCTUnwrap(report.adversarial).attacks {
            XCTAssertEqual(attack.scoredAboveConciseRate, 0, attack.name)
            XCTAssertEqual(attack.goldAboveConciseRate, 0, attack.name)  // the probe is valid
        }
        XCTAssertNil(report.ensemble)
        XCTAssertEqual(report.notComputed.keys.sorted(), ["ensemble"])
    }

    func testLengthLovingRewardShowsLengthBias() throws {
        let report = try EvaluationFixtures.evaluate(LengthReward(), data: data())
        let length = try XCTUnwrap(report.lengthBias)
        XCTAssertGreaterThan(try XCTUnwrap(length.withinGoldBinCorrelation), 0.9)  // reward = words exactly
        XCTAssertGreaterThan(try XCTUnwrap(length.rewardPerWordInSpread), 0)
        XCTAssertEqual(length.longerWorseData.accuracy, 0)
        XCTAssertEqual(length.longerWorseControlled.accuracy, 0)
        let attacks = Dictionary(uniqueKeysWithValues: try XCTUnwrap(report.adversarial).attacks.map { ($0.name, $0) })
        XCTAssertEqual(attacks["repetition"]?.scoredAboveConciseRate, 1)
        XCTAssertEqual(attacks["buried_in_padding"]?.scoredAboveConciseRate, 1)
        let edits = Dictionary(uniqueKeysWithValues: try XCTUnwrap(report.invariance).edits.map { ($0.name, $0) })
        XCTAssertEqual(edits["whitespace"]?.meanAbsoluteDelta, 0)
        XCTAssertEqual(edits["padding_sentence"]?.meanDelta, 4)  // "I hope this helps."
        XCTAssertEqual(edits["hedging_sentence"]?.meanDelta, 4)  // "I might be mistaken."
        XCTAssertGreaterThan(try XCTUnwrap(report.invariance?.meanGapInSpread), 0.5)
        XCTAssertLessThan(try XCTUnwrap(report.goldAgreement).rewardGoldAgreement, 0.6)
    }

    func testRefusalLovingRewardShowsRefusalBias() throws {
        let report = try EvaluationFixtures.evaluate(RefusalReward(), data: data())
        let refusal = try XCTUnwrap(report.refusalBias)
        XCTAssertEqual(refusal.benignAlarming.refusalPreferredRate, 1)
        XCTAssertGreaterThan(refusal.benignAlarming.prompts, 20)
        XCTAssertGreaterThan(try XCTUnwrap(refusal.benignAlarming.meanGap), 0.99)
        XCTAssertEqual(refusal.harmful.refusalPreferredRate, 1)
    }

    func testContentOnlyRewardIsInvariant() throws {
        let report = try EvaluationFixtures.evaluate(ContentReward(world: EvaluationFixtures.world), data: data())
        let invariance = try XCTUnwrap(report.invariance)
        XCTAssertEqual(invariance.edits.map(\.name), ["whitespace", "padding_sentence", "hedging_sentence"])
        XCTAssertEqual(invariance.meanGapInSpread, 0)
        // Gold itself moves under padding and hedging (verbosity, tone): the edits are not free for gold.
        XCTAssertEqual(invariance.edits[0].meanGoldDelta, 0)
        XCTAssertLessThan(try XCTUnwrap(invariance.edits[2].meanGoldDelta), 0)
    }

    func testEnsembleDisagreementPredictsErrorOnlyWhenMembersErrIndependently() throws {
        let world = EvaluationFixtures.world
        let independent = try EvaluationFixtures.evaluate(NoisyEnsemble(world: world, memberNoise: 6), data: data())
        let informative = try XCTUnwrap(independent.ensemble)
        XCTAssertEqual(informative.members, 4)
        XCTAssertGreaterThan(try XCTUnwrap(informative.goldErrorAUROC), 0.6)  // measured 0.64
        XCTAssertGreaterThan(informative.accuracyByStdQuartile[0].accuracy, informative.accuracyByStdQuartile[3].accuracy)
        let shared = try EvaluationFixtures.evaluate(NoisyEnsemble(world: world, memberNoise: 0, sharedNoise: 6, jitter: 0.5), data: data())
        XCTAssertEqual(try XCTUnwrap(shared.ensemble?.goldErrorAUROC), 0.5, accuracy: 0.1)
        XCTAssertLessThan(try XCTUnwrap(shared.goldAgreement).rewardGoldAgreement, 0.95)  // the shared noise does cause errors
    }
}
