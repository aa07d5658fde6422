import Foundation
import XCTest
@testable import Reward

/// ECE, AUROC and the within-gold-bin correlation against the independent numpy implementation in
/// Tests/Fixtures/generate/reward_eval_reference.py (its output: Fixtures/reward-eval/reference.json).
final class EvaluationReferenceTests: XCTestCase {
    struct Reference: Decodable {
        var margins: [Double]
        var ece: Double
        var log_loss: Double
        var scores: [Double]
        var positives: [Bool]
        var auroc: Double
        var gold: [Double]
        var words: [Int]
        var reward: [Double]
        var within_gold_bin_correlation: Double
    }

    func testFiguresMatchTheNumpyReference() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/reward-eval/reference.json")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
        let calibration = Calibration.compute(margins: reference.margins)
        XCTAssertEqual(calibration.expectedCalibrationError, reference.ece, accuracy: 1e-12)
        XCTAssertEqual(calibration.meanLogLoss, reference.log_loss, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(EvaluationStatistics.auroc(scores: reference.scores, positives: reference.positives)),
                       reference.auroc, accuracy: 1e-12)
        let responses = reference.gold.indices.map {
            LengthBias.Response(reward: reference.reward[$0], gold: reference.gold[$0], words: reference.words[$0])
        }
        let bias = LengthBias.compute(responses: responses, dataPairs: [], controlledPairs: [], spread: 1)
        XCTAssertEqual(try XCTUnwrap(bias.withinGoldBinCorrelation), reference.within_gold_bin_correlation, accuracy: 1e-9)
    }
}
