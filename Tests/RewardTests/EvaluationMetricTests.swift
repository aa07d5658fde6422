import Foundation
import Tensor
import XCTest
@testable import Reward

/// Each figure on inputs with a known answer (worked by hand in the comments).
final class EvaluationMetricTests: XCTestCase {
    func testAccuracyCountsTiesAsHalfOverallAndByFamily() {
        let accuracy = PairAccuracy.compute(margins: [1, -2, 0.5, 0], families: ["arithmetic", "arithmetic", "describe", "describe"])
        XCTAssertEqual(accuracy.accuracy, 0.625)  // (1 + 0 + 1 + ½) / 4
        XCTAssertEqual(accuracy.byFamily["arithmetic"], .init(pairs: 2, accuracy: 0.5))
        XCTAssertEqual(accuracy.byFamily["describe"], .init(pairs: 2, accuracy: 0.75))
    }

    func testCalibrationHandWorkedCase() {
        // margin ln 3: p = 0.75 (won) in bin 7 and 0.25 (lost) in bin 2; ECE = ½·0.25 + ½·0.25.
        let calibration = Calibration.compute(margins: [log(3)])
        XCTAssertEqual(calibration.expectedCalibrationError, 0.25, accuracy: 1e-12)
        XCTAssertEqual(calibration.meanLogLoss, log(4.0 / 3.0), accuracy: 1e-12)
        XCTAssertEqual(calibration.bins[7].count, 1)
        XCTAssertEqual(calibration.bins[7].observedFrequency, 1)
        XCTAssertEqual(calibration.bins[2].observedFrequency, 0)
        XCTAssertEqual(calibration.bins.reduce(0) { $0 + $1.count }, 2)
        XCTAssertEqual(Calibration.compute(margins: [0]).expectedCalibrationError, 0)
    }

    /// Labels drawn from σ(Δ): a reward whose margin is Δ is calibrated; 4Δ is overconfident.
    private func syntheticMargins(scale: Double, count: Int = 20_000) -> [Double] {
        var random = Xoshiro256StarStar(seed: 7)
        return (0..<count).map { _ in
            let delta = Double.random(in: -3...3, using: &random)
            let chosenIsA = Double.random(in: 0..<1, using: &random) < EvaluationStatistics.sigmoid(delta)
            return scale * (chosenIsA ? delta : -delta)
        }
    }

    func testCalibratedSyntheticHasNearZeroECEAndOverconfidentDoesNot() {
        XCTAssertLessThan(Calibration.compute(margins: syntheticMargins(scale: 1)).expectedCalibrationError, 0.02)
        XCTAssertGreaterThan(Calibration.compute(margins: syntheticMargins(scale: 4)).expectedCalibrationError, 0.1)
        XCTAssertGreaterThan(Calibration.compute(margins: syntheticMargins(scale: 0.25)).expectedCalibrationError, 0.1)  // underconfident
    }

    func testAUROCHandCases() throws {
        // Positives 0.9 and 0.4 against negatives 0.4 and 0.1: pairs (0.9>0.4, 0.9>0.1, 0.4=0.4, 0.4>0.1) = 3.5 / 4.
        XCTAssertEqual(try XCTUnwrap(EvaluationStatistics.auroc(scores: [0.9, 0.4, 0.4, 0.1], positives: [true, true, false, false])), 0.875)
        XCTAssertEqual(try XCTUnwrap(EvaluationStatistics.auroc(scores: [1, 2, 3], positives: [false, true, true])), 1)
        XCTAssertEqual(try XCTUnwrap(EvaluationStatistics.auroc(scores: [1, 1, 1], positives: [false, true, true])), 0.5)
        XCTAssertNil(EvaluationStatistics.auroc(scores: [1, 2], positives: [true, true]))
    }

    func testGoldAgreementSeparatesLabelsFromGold() throws {
        // Pairs: gold agrees with label (1, 2), contradicts it (3), gold tie (4). Reward follows the label everywhere.
        let margins = [1.0, 1.0, 1.0, 1.0]
        let gold = try XCTUnwrap(GoldAgreement.compute(margins: margins, goldMargins: [0.5, 2, -1, 0], families: ["a", "a", "b", "b"],
                                                       labelAccuracy: 1))
        XCTAssertEqual(gold.pairs, 3)
        XCTAssertEqual(gold.goldTies, 1)
        XCTAssertEqual(gold.rewardGoldAgreement, 2.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(gold.labelGoldAgreement, 2.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(gold.labelAccuracyMinusGoldAgreement, 1.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(gold.mislabeledPairs, 1)
        XCTAssertEqual(gold.followsWrongLabel, 1)
        XCTAssertEqual(gold.byFamily["b"], .init(pairs: 1, agreement: 0))
        XCTAssertNil(GoldAgreement.compute(margins: [1], goldMargins: [0], families: ["a"], labelAccuracy: 1))
    }

    func testLengthBiasWithinGoldBins() throws {
        typealias R = LengthBias.Response
        // Two gold bins; inside each, reward rises with words: correlation 1, slope 0.5 reward per word (spread 2 → 0.25).
        let responses = [R(reward: 1, gold: 0.52, words: 4), R(reward: 2, gold: 0.55, words: 6),
                         R(reward: 5, gold: -0.31, words: 10), R(reward: 6, gold: -0.35, words: 12),
                         R(reward: 9, gold: 3, words: 1)]  // alone in its bin: left out
        let longerWorse = [(R(reward: 3, gold: 0, words: 9), R(reward: 1, gold: 1, words: 3)),   // longer worse, reward prefers it: 0
                           (R(reward: 0, gold: 0, words: 9), R(reward: 1, gold: 1, words: 3)),   // reward prefers the shorter: 1
                           (R(reward: 3, gold: 2, words: 9), R(reward: 1, gold: 1, words: 3))]   // longer is better: not counted
        let bias = LengthBias.compute(responses: responses, dataPairs: longerWorse, controlledPairs: [], spread: 2)
        XCTAssertEqual(bias.binsUsed, 2)
        XCTAssertEqual(bias.responses, 4)
        XCTAssertEqual(try XCTUnwrap(bias.withinGoldBinCorrelation), 1, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(bias.rewardPerWordInSpread), 0.25, accuracy: 1e-12)
        XCTAssertEqual(bias.longerWorseData, .init(pairs: 2, accuracy: 0.5))
        XCTAssertEqual(bias.longerWorseControlled, .init(pairs: 0, accuracy: nil))
    }

    func testEnsembleDisagreementAUROCWhenStdIsInformativeAndWhenNot() throws {
        var random = Xoshiro256StarStar(seed: 3)
        func margins(informative: Bool) -> [[Double]] {
            (0..<4000).map { _ in
                let truth = Double.random(in: -1...1, using: &random) > -0.5 ? 1.0 : -1.0  // 75% right on average
                let spread = informative ? (truth < 0 ? 2.0 : 0.5) : 1.0
                return (0..<4).map { _ in truth + spread * Double.random(in: -1...1, using: &random) }
            }
        }
        let informative = try XCTUnwrap(EnsembleDisagreement.compute(memberMargins: margins(informative: true), goldMargins: nil))
        XCTAssertGreaterThan(try XCTUnwrap(informative.labelErrorAUROC), 0.7)
        XCTAssertEqual(informative.accuracyByStdQuartile.count, 4)
        XCTAssertGreaterThan(informative.accuracyByStdQuartile[0].accuracy, informative.accuracyByStdQuartile[3].accuracy + 0.2)
        let uninformative = try XCTUnwrap(EnsembleDisagreement.compute(memberMargins: margins(informative: false), goldMargins: nil))
        XCTAssertEqual(try XCTUnwrap(uninformative.labelErrorAUROC), 0.5, accuracy: 0.05)
        XCTAssertNil(EnsembleDisagreement.compute(memberMargins: [[1], [2]], goldMargins: nil))
    }
}
