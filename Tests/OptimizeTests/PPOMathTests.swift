import Foundation
import XCTest
@testable import Optimize

/// The PPO formulas against values worked out by hand.
final class PPOMathTests: XCTestCase {
    func assertRows(_ actual: [[Float]], _ expected: [[Double]], accuracy: Double = 1e-6, _ message: String = "", line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, message, line: line)
        for (a, e) in zip(actual, expected) {
            XCTAssertEqual(a.count, e.count, message, line: line)
            for (x, y) in zip(a, e) { XCTAssertEqual(Double(x), y, accuracy: accuracy, message, line: line) }
        }
    }

    func testTokenRewardsK1PutTheScoreOnTheLastToken() {
        // ρ = [0.5, −0.5, 0], β = 0.1: penalty [−0.05, 0.05, 0]; score 2 at the end.
        let (rewards, penalty) = PPOMath.tokenRewards(policyLogProbs: [-1, -2, -0.5], referenceLogProbs: [-1.5, -1.5, -0.5], score: 2,
                                                      endedWithEndOfText: true, beta: 0.1, estimator: .k1, missingEndOfTextPenalty: 1)
        assertRows([penalty], [[-0.05, 0.05, 0]])
        assertRows([rewards], [[-0.05, 0.05, 2]])
        // Without end-of-text the penalty comes off the score.
        let truncated = PPOMath.tokenRewards(policyLogProbs: [-1, -2, -0.5], referenceLogProbs: [-1.5, -1.5, -0.5], score: 2,
                                             endedWithEndOfText: false, beta: 0.1, estimator: .k1, missingEndOfTextPenalty: 1)
        assertRows([truncated.rewards], [[-0.05, 0.05, 1]])
    }

    func testTokenRewardsK3AreNeverPositivePenalties() {
        // k3(0.5) = e^−0.5 − 0.5 = 0.10653066; k3(−0.5) = e^0.5 − 1.5 = 0.14872127.
        let (rewards, penalty) = PPOMath.tokenRewards(policyLogProbs: [-1, -2], referenceLogProbs: [-1.5, -1.5], score: 0.5,
                                                      endedWithEndOfText: true, beta: 2, estimator: .k3, missingEndOfTextPenalty: 0)
        assertRows([penalty], [[-0.21306132, -0.29744254]])
        assertRows([rewards], [[-0.21306132, 0.20255746]])
        XCTAssertEqual(PPOMath.tokenRewards(policyLogProbs: [], referenceLogProbs: [], score: 3, endedWithEndOfText: true, beta: 1,
                                            estimator: .k1, missingEndOfTextPenalty: 0).rewards, [])
    }

    func testGeneralizedAdvantageEstimation() {
        // r = [0, 0, 1], V = [0.5, 0.2, 0.4], γ = 1, λ = 0.5:
        // δ₂ = 1 − 0.4 = 0.6 → A₂ = 0.6; δ₁ = 0.4 − 0.2 = 0.2 → A₁ = 0.2 + 0.5·0.6 = 0.5;
        // δ₀ = 0.2 − 0.5 = −0.3 → A₀ = −0.3 + 0.5·0.5 = −0.05; R = A + V.
        let (advantages, returns) = PPOMath.advantages(rewards: [0, 0, 1], values: [0.5, 0.2, 0.4], gamma: 1, lambda: 0.5)
        assertRows([advantages], [[-0.05, 0.5, 0.6]])
        assertRows([returns], [[0.45, 0.7, 1.0]])
        // γ = λ = 1: Aₜ = (sum of rewards from t) − Vₜ.
        assertRows([PPOMath.advantages(rewards: [0, 0, 1], values: [0.5, 0.2, 0.4], gamma: 1, lambda: 1).advantages], [[0.5, 0.8, 0.6]])
        // γ = 0.5, λ = 1 on one step of reward 2 at the end of two tokens with V = [1, 1]:
        // δ₁ = 2 − 1 = 1; δ₀ = 0 + 0.5·1 − 1 = −0.5; A₀ = −0.5 + 0.5·1 = 0.
        assertRows([PPOMath.advantages(rewards: [0, 2], values: [1, 1], gamma: 0.5, lambda: 1).advantages], [[0, 1]])
    }

    func testWhiteningUsesUnbiasedVarianceOverAllTokens() {
        // [1, 2] and [3]: mean 2, unbiased variance (1 + 0 + 1)/2 = 1.
        assertRows(PPOMath.whiten([[1, 2], [3]]), [[-1, 0], [1]], accuracy: 1e-5)
        assertRows(PPOMath.whiten([[5]]), [[0]])
    }

    func testClippedPolicyLoss() {
        // ratios [1.5, 0.9, 1, 0.5], A = [1, −1, 2, 1], ε = 0.2; losses max(−A·r, −A·clip(r)):
        // 1.5: max(−1.5, −1.2) = −1.2 clipped (no gradient); 0.9: 0.9 both (gradient −A·r/4 = 0.225);
        // 1: −2 (gradient −2/4); 0.5 with A > 0: max(−0.5, −0.8) = −0.5 unclipped (gradient −0.5/4).
        let logProbs: [[Float]] = [[log(1.5), log(0.9)], [0, log(0.5)]]
        let loss = PPOMath.clippedPolicyLoss(logProbs: logProbs, oldLogProbs: [[0, 0], [0, 0]], advantages: [[1, -1], [2, 1]], clipRange: 0.2)
        XCTAssertEqual(loss.loss, (-1.2 + 0.9 - 2 - 0.5) / 4, accuracy: 1e-6)
        assertRows(loss.gradient, [[0, 0.225], [-0.5, -0.125]])
        XCTAssertEqual(loss.clipFraction, 0.25, accuracy: 1e-12)
        let squares = Double(log(Float(1.5)) * log(Float(1.5)) + log(Float(0.9)) * log(Float(0.9)) + log(Float(0.5)) * log(Float(0.5)))
        XCTAssertEqual(loss.approxKL, 0.5 * squares / 4, accuracy: 1e-6)
        // A low ratio with a negative advantage is clipped (pessimistic bound): max(0.5, 0.8) = 0.8.
        let low = PPOMath.clippedPolicyLoss(logProbs: [[log(0.5)]], oldLogProbs: [[0]], advantages: [[-1]], clipRange: 0.2)
        XCTAssertEqual(low.loss, 0.8, accuracy: 1e-6)
        XCTAssertEqual(low.gradient, [[0]])
        XCTAssertEqual(low.clipFraction, 1)
    }

    func testClippedValueLoss() {
        // V = 1 (old 0.5, R = 0): clip → 0.7, errors 1 vs 0.49 → unclipped, gradient (1 − 0)/3.
        // V = 0 (old 0, R = 1): inside the range, error 1, gradient −1/3.
        // V = 0.9 (old 0.5, R = 1): clip → 0.7, errors 0.01 vs 0.09 → clipped, gradient 0.
        let loss = PPOMath.clippedValueLoss(values: [[1, 0], [0.9]], oldValues: [[0.5, 0], [0.5]], returns: [[0, 1], [1]], clipRange: 0.2)
        XCTAssertEqual(loss.loss, 0.5 * (1 + 1 + 0.09) / 3, accuracy: 1e-6)
        assertRows(loss.gradient, [[1.0 / 3, -1.0 / 3], [0]])
        XCTAssertEqual(loss.clipFraction, 1.0 / 3, accuracy: 1e-12)
    }

    func testExplainedVariance() {
        XCTAssertEqual(PPOMath.explainedVariance(values: [[1, 2], [3]], returns: [[1, 2], [3]]), 1, accuracy: 1e-9)
        // A constant prediction explains nothing; predicting the negation is worse than nothing:
        // Var(R − (−R)) = 4·Var(R) → 1 − 4 = −3.
        XCTAssertEqual(PPOMath.explainedVariance(values: [[7, 7], [7]], returns: [[1, 2], [3]]), 0, accuracy: 1e-9)
        XCTAssertEqual(PPOMath.explainedVariance(values: [[-1, -2], [-3]], returns: [[1, 2], [3]]), -3, accuracy: 1e-9)
        XCTAssertTrue(PPOMath.explainedVariance(values: [[0]], returns: [[1]]).isNaN)
    }

    func testKLControllerFixedAndAdaptive() {
        var fixed = KLController(coefficient: 0.1, adaptive: false, target: 1, horizon: 10)
        fixed.update(currentKL: 5, samples: 8)
        XCTAssertEqual(fixed.coefficient, 0.1)
        // KL 2 against target 1: error clipped to 0.2, β·(1 + 0.2·5/10) = 0.11; then KL 0.9: ·(1 − 0.1·0.5).
        var adaptive = KLController(coefficient: 0.1, adaptive: true, target: 1, horizon: 10)
        adaptive.update(currentKL: 2, samples: 5)
        XCTAssertEqual(adaptive.coefficient, 0.11, accuracy: 1e-12)
        adaptive.update(currentKL: 0.9, samples: 5)
        XCTAssertEqual(adaptive.coefficient, 0.11 * 0.95, accuracy: 1e-12)
    }

    func testSettingsValidationNamesTheSetting() throws {
        try PPOSettings().validate()
        func rejected(_ change: (inout PPOConfig) -> Void, _ name: String, line: UInt = #line) {
            var config = PPOConfig()
            change(&config)
            XCTAssertThrowsError(try config.validate(), line: line) { error in
                guard case OnlineError.invalidSetting(let found, _, _) = error else { return XCTFail("\(error)", line: line) }
                XCTAssertEqual(found, name, line: line)
            }
        }
        rejected({ $0.ppo.gamma = 1.5 }, "gamma")
        rejected({ $0.ppo.gaeLambda = -0.1 }, "gae_lambda")
        rejected({ $0.ppo.clipRange = 0 }, "clip_range")
        rejected({ $0.ppo.valueClipRange = .infinity }, "value_clip_range")
        rejected({ $0.ppo.valueLossCoefficient = 0 }, "value_loss_coefficient")
        rejected({ $0.ppo.epochs = 0 }, "epochs")
        rejected({ $0.ppo.minibatches = 0 }, "minibatches")
        rejected({ $0.ppo.adaptiveKL = true; $0.ppo.targetKL = 0 }, "target_kl")
        rejected({ $0.ppo.adaptiveKL = true; $0.online.klCoefficient = 0 }, "kl_coefficient")
        rejected({ $0.ppo.klHorizon = 0 }, "kl_horizon")
        rejected({ $0.ppo.missingEndOfTextPenalty = -1 }, "missing_eos_penalty")
        rejected({ $0.ppo.valueLearningRate = .nan }, "value_learning_rate")
    }

    /// config.json: one flat object, the online settings' keys beside PPO's, "method": "ppo".
    func testConfigIsOneFlatObjectThatRoundTrips() throws {
        var config = PPOConfig()
        config.online.objective = RewardObjective(kind: .uwo, uwoLambda: 0.3)
        config.ppo.epochs = 2
        config.ppo.valueInitialization = .reward
        let data = try JSONEncoder().encode(config)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        XCTAssertEqual(object["method"] as? String, "ppo")
        XCTAssertEqual(object["objective"] as? String, "uwo")
        XCTAssertEqual(object["value_init"] as? String, "reward")
        for key in ["gamma", "gae_lambda", "clip_range", "value_clip_range", "value_loss_coefficient", "epochs", "minibatches",
                    "whiten_advantages", "adaptive_kl", "target_kl", "kl_horizon", "missing_eos_penalty", "value_learning_rate", "value_init",
                    "learning_rate", "kl_coefficient", "kl_estimator", "max_new_tokens", "seed"] {
            XCTAssertNotNil(object[key], key)
        }
        XCTAssertEqual(try JSONDecoder().decode(PPOConfig.self, from: data), config)
        var other = object
        other["method"] = "rloo"
        XCTAssertThrowsError(try JSONDecoder().decode(PPOConfig.self, from: JSONSerialization.data(withJSONObject: other)))
    }
}
