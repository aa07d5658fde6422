import Foundation
import XCTest
@testable import Optimize

/// The preference losses as pure functions: hand-computed values, gradients against finite
/// differences, numerical safety far from zero, and length normalization.
final class DPOLossTests: XCTestCase {
    // log π(y_c) = −1, log π(y_r) = −2, log π_ref(y_c) = −1.5, log π_ref(y_r) = −1.8:
    // h = (−1 + 1.5) − (−2 + 1.8) = 0.5 + 0.2 = 0.7.
    func value(_ kind: DPOLossKind, beta: Double) -> PreferenceLossValue {
        PreferenceLoss.evaluate(kind, beta: beta, policyChosen: -1, policyRejected: -2, referenceChosen: -1.5, referenceRejected: -1.8)
    }

    func testSigmoidLossOnHandComputedValues() {
        let v = value(.sigmoid, beta: 0.5)
        XCTAssertEqual(v.logRatioDifference, 0.7, accuracy: 1e-12)
        // −log σ(0.35) = log(1 + e^−0.35); ∂/∂log π(y_c) = −β·σ(−0.35).
        XCTAssertEqual(v.loss, 0.533382155418777, accuracy: 1e-12)
        XCTAssertEqual(v.dChosen, -0.206691210541335, accuracy: 1e-12)
        XCTAssertEqual(v.dRejected, 0.206691210541335, accuracy: 1e-12)
        XCTAssertEqual(v.chosenReward, 0.25, accuracy: 1e-12)    // β·(−1 + 1.5)
        XCTAssertEqual(v.rejectedReward, -0.1, accuracy: 1e-12)  // β·(−2 + 1.8)
        // At h = 0 (policy = reference): log 2, whatever β.
        XCTAssertEqual(PreferenceLoss.evaluate(.sigmoid, beta: 0.1, policyChosen: -3, policyRejected: -4, referenceChosen: -3,
                                               referenceRejected: -4).loss, log(2), accuracy: 1e-12)
    }

    func testIPOLossOnHandComputedValues() {
        // β = 0.5: target 1/(2β) = 1; (0.7 − 1)² = 0.09, ∂/∂h = 2·(−0.3).
        let v = value(.ipo, beta: 0.5)
        XCTAssertEqual(v.loss, 0.09, accuracy: 1e-12)
        XCTAssertEqual(v.dChosen, -0.6, accuracy: 1e-12)
        XCTAssertEqual(v.dRejected, 0.6, accuracy: 1e-12)
        // β = 0.1: target 5; (0.7 − 5)² = 18.49.
        XCTAssertEqual(value(.ipo, beta: 0.1).loss, 18.49, accuracy: 1e-12)
    }

    func testGradientsMatchFiniteDifferences() {
        let point = [-3.2, -5.1, -2.9, -6.3]
        for kind in DPOLossKind.allCases {
            for beta in [0.1, 0.7] {
                func loss(_ x: [Double]) -> Double {
                    PreferenceLoss.evaluate(kind, beta: beta, policyChosen: x[0], policyRejected: x[1], referenceChosen: x[2],
                                            referenceRejected: x[3]).loss
                }
                let v = PreferenceLoss.evaluate(kind, beta: beta, policyChosen: point[0], policyRejected: point[1],
                                                referenceChosen: point[2], referenceRejected: point[3])
                for (index, analytic) in [(0, v.dChosen), (1, v.dRejected)] {
                    var plus = point, minus = point
                    plus[index] += 1e-6
                    minus[index] -= 1e-6
                    let numeric = (loss(plus) - loss(minus)) / 2e-6
                    XCTAssertEqual(analytic, numeric, accuracy: 1e-6 * max(1, abs(numeric)), "\(kind) β \(beta) input \(index)")
                    XCTAssertNotEqual(numeric, 0)
                }
            }
        }
    }

    func testSigmoidLossStaysFiniteFarFromZero() {
        let large = PreferenceLoss.evaluate(.sigmoid, beta: 1, policyChosen: 0, policyRejected: -2000, referenceChosen: 0, referenceRejected: 0)
        XCTAssertEqual(large.loss, 0, accuracy: 1e-12)
        XCTAssertEqual(large.dChosen, 0, accuracy: 1e-12)
        let wrong = PreferenceLoss.evaluate(.sigmoid, beta: 1, policyChosen: -2000, policyRejected: 0, referenceChosen: 0, referenceRejected: 0)
        XCTAssertEqual(wrong.loss, 2000, accuracy: 1e-9)  // softplus(2000) = 2000 (no overflow)
        XCTAssertEqual(wrong.dChosen, -1, accuracy: 1e-12)
    }

    func testLengthNormalizationDividesByTheTokenCount() {
        XCTAssertEqual(PreferenceLoss.sequenceLogProb([-1, -2, -3], lengthNormalized: false), -6)
        XCTAssertEqual(PreferenceLoss.sequenceLogProb([-1, -2, -3], lengthNormalized: true), -2)
        XCTAssertEqual(PreferenceLoss.tokenWeight(count: 4, lengthNormalized: true), 0.25)
        XCTAssertEqual(PreferenceLoss.tokenWeight(count: 4, lengthNormalized: false), 1)
    }
}
