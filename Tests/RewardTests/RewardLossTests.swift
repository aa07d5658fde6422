import Foundation
import XCTest
@testable import Reward

final class RewardLossTests: XCTestCase {
    func testBradleyTerryOnHandComputedInputs() {
        // −log σ(1) = log(1 + e^−1); ∂/∂r_c = −σ(−1)
        let plain = BradleyTerryLoss.evaluate(chosen: 1, rejected: 0)
        XCTAssertEqual(plain.loss, 0.31326168751822286, accuracy: 1e-12)
        XCTAssertEqual(plain.dChosen, -0.2689414213699951, accuracy: 1e-12)
        XCTAssertEqual(plain.dRejected, 0.2689414213699951, accuracy: 1e-12)
        // The margin is subtracted: x = 1 − 0 − 0.5.
        XCTAssertEqual(BradleyTerryLoss.evaluate(chosen: 1, rejected: 0, margin: 0.5).loss, 0.4740769841801067, accuracy: 1e-12)
        // Centering 0.1·(1 + 0.5)² = 0.225 on top of −log σ(0.5); each gradient gains 2·0.1·1.5.
        let centered = BradleyTerryLoss.evaluate(chosen: 1, rejected: 0.5, centering: 0.1)
        XCTAssertEqual(centered.loss, 0.6990769841801067, accuracy: 1e-12)
        XCTAssertEqual(centered.dChosen, -0.07754066879814536, accuracy: 1e-12)
        XCTAssertEqual(centered.dRejected, 0.6775406687981455, accuracy: 1e-12)
        // Far apart, neither branch overflows.
        XCTAssertEqual(BradleyTerryLoss.evaluate(chosen: -800, rejected: 0).loss, 800, accuracy: 1e-9)
        XCTAssertEqual(BradleyTerryLoss.evaluate(chosen: 800, rejected: 0).loss, 0, accuracy: 1e-12)
    }

    func testPlackettLuceOnHandComputedInputs() {
        // log(1 + e^−1 + e^−2) + log(1 + e^−1)
        let result = PlackettLuceLoss.evaluate(rankedRewards: [2, 1, 0])
        XCTAssertEqual(result.loss, 0.7208676519626029, accuracy: 1e-12)
        for (value, expected) in zip(result.gradient, [-0.3347590442251781, -0.024212950315197435, 0.35897199454037554]) {
            XCTAssertEqual(value, expected, accuracy: 1e-12)
        }
        // Two items: Plackett–Luce is Bradley–Terry.
        let pair = PlackettLuceLoss.evaluate(rankedRewards: [0.3, 1.7], centering: 0.2)
        let bt = BradleyTerryLoss.evaluate(chosen: 0.3, rejected: 1.7, centering: 0.2)
        XCTAssertEqual(pair.loss, bt.loss, accuracy: 1e-12)
        XCTAssertEqual(pair.gradient[0], bt.dChosen, accuracy: 1e-12)
        XCTAssertEqual(pair.gradient[1], bt.dRejected, accuracy: 1e-12)
    }

    func testGradientsMatchFiniteDifferences() {
        let h = 1e-6
        for (c, r, m, k) in [(0.3, -1.2, 0.0, 0.0), (2.5, 2.9, 0.7, 0.05), (-4.0, 3.0, 1.5, 0.3)] {
            let g = BradleyTerryLoss.evaluate(chosen: c, rejected: r, margin: m, centering: k)
            let dc = (BradleyTerryLoss.evaluate(chosen: c + h, rejected: r, margin: m, centering: k).loss
                - BradleyTerryLoss.evaluate(chosen: c - h, rejected: r, margin: m, centering: k).loss) / (2 * h)
            let dr = (BradleyTerryLoss.evaluate(chosen: c, rejected: r + h, margin: m, centering: k).loss
                - BradleyTerryLoss.evaluate(chosen: c, rejected: r - h, margin: m, centering: k).loss) / (2 * h)
            XCTAssertEqual(g.dChosen, dc, accuracy: 1e-7)
            XCTAssertEqual(g.dRejected, dr, accuracy: 1e-7)
        }
        let rewards = [0.5, -1.0, 2.0, 0.1, -0.3]
        for centering in [0.0, 0.2] {
            let analytic = PlackettLuceLoss.evaluate(rankedRewards: rewards, centering: centering).gradient
            for i in rewards.indices {
                var plus = rewards, minus = rewards
                plus[i] += h
                minus[i] -= h
                let numeric = (PlackettLuceLoss.evaluate(rankedRewards: plus, centering: centering).loss
                    - PlackettLuceLoss.evaluate(rankedRewards: minus, centering: centering).loss) / (2 * h)
                XCTAssertEqual(analytic[i], numeric, accuracy: 1e-7)
            }
        }
    }

    /// PyTorch autograd values (Tests/Fixtures/generate/reward_loss_reference.py).
    func testLossesMatchPyTorchReference() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/reward/losses.json")
        let fixture = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [[String: Any]]])
        let pairs = try XCTUnwrap(fixture["bradley_terry"])
        let rankings = try XCTUnwrap(fixture["plackett_luce"])
        XCTAssertEqual(pairs.count, 8)
        XCTAssertEqual(rankings.count, 8)
        for case_ in pairs {
            let result = BradleyTerryLoss.evaluate(chosen: case_["chosen"] as! Double, rejected: case_["rejected"] as! Double,
                                                   margin: case_["margin"] as! Double, centering: case_["centering"] as! Double)
            XCTAssertEqual(result.loss, case_["loss"] as! Double, accuracy: 1e-10)
            XCTAssertEqual(result.dChosen, case_["d_chosen"] as! Double, accuracy: 1e-10)
            XCTAssertEqual(result.dRejected, case_["d_rejected"] as! Double, accuracy: 1e-10)
        }
        for case_ in rankings {
            let result = PlackettLuceLoss.evaluate(rankedRewards: case_["rewards"] as! [Double], centering: case_["centering"] as! Double)
            XCTAssertEqual(result.loss, case_["loss"] as! Double, accuracy: 1e-10)
            for (value, expected) in zip(result.gradient, case_["gradient"] as! [Double]) { XCTAssertEqual(value, expected, accuracy: 1e-10) }
        }
    }
}
