import Foundation
import XCTest
@testable import Optimize

/// The PPO pieces against Tests/Fixtures/ppo/reference.json (PyTorch autograd, TRL's masked-tensor
/// formulation; Tests/Fixtures/generate/ppo_reference.py).
final class PPOReferenceTests: XCTestCase {
    struct Case: Decodable {
        struct Settings: Decodable {
            let beta, gamma, lambda, missing_eos_penalty, clip_range, value_clip_range: Double
            let estimator: String
        }
        let settings: Settings
        let old_log_probs, reference_log_probs, new_log_probs, old_values, new_values: [[Float]]
        let scores: [Float]
        let ended_with_end_of_text: [Bool]
        let rewards, non_score_rewards, advantages, returns, whitened_advantages, policy_gradient, value_gradient: [[Double]]
        let policy_loss, clip_fraction, approx_kl, value_loss, value_clip_fraction, explained_variance: Double
    }
    struct Controller: Decodable {
        let beta, target, horizon: Double
        let samples: Int
        let kls, betas: [Double]
    }
    struct Reference: Decodable {
        let cases: [Case]
        let kl_controller: Controller
    }

    func reference() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ppo/reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    func assertRows(_ actual: [[Float]], _ expected: [[Double]], _ what: String, tolerance: Double = 2e-6, line: UInt = #line) {
        XCTAssertEqual(actual.map(\.count), expected.map(\.count), what, line: line)
        for (b, (a, e)) in zip(actual, expected).enumerated() {
            for (t, (x, y)) in zip(a, e).enumerated() {
                XCTAssertEqual(Double(x), y, accuracy: tolerance * max(1, abs(y)), "\(what) row \(b) token \(t)", line: line)
            }
        }
    }

    func testRewardsAdvantagesAndLossesMatchTheReference() throws {
        let cases = try reference().cases
        XCTAssertEqual(cases.count, 2)
        for (index, c) in cases.enumerated() {
            let s = c.settings
            var rewards: [[Float]] = [], penalties: [[Float]] = [], advantages: [[Float]] = [], returns: [[Float]] = []
            for b in c.scores.indices {
                let (reward, penalty) = PPOMath.tokenRewards(
                    policyLogProbs: c.old_log_probs[b], referenceLogProbs: c.reference_log_probs[b], score: c.scores[b],
                    endedWithEndOfText: c.ended_with_end_of_text[b], beta: s.beta, estimator: KLEstimator(rawValue: s.estimator)!,
                    missingEndOfTextPenalty: s.missing_eos_penalty)
                let (advantage, target) = PPOMath.advantages(rewards: reward, values: c.old_values[b], gamma: s.gamma, lambda: s.lambda)
                rewards.append(reward); penalties.append(penalty); advantages.append(advantage); returns.append(target)
            }
            assertRows(rewards, c.rewards, "case \(index) rewards")
            assertRows(penalties, c.non_score_rewards, "case \(index) KL penalty")
            assertRows(advantages, c.advantages, "case \(index) advantages")
            assertRows(returns, c.returns, "case \(index) returns")
            let whitened = PPOMath.whiten(advantages)
            assertRows(whitened, c.whitened_advantages, "case \(index) whitened", tolerance: 1e-5)

            let policy = PPOMath.clippedPolicyLoss(logProbs: c.new_log_probs, oldLogProbs: c.old_log_probs,
                                                   advantages: c.whitened_advantages.map { $0.map(Float.init) }, clipRange: s.clip_range)
            XCTAssertEqual(policy.loss, c.policy_loss, accuracy: 1e-6, "case \(index) policy loss")
            assertRows(policy.gradient, c.policy_gradient, "case \(index) ∂policy loss/∂log π", tolerance: 1e-5)
            XCTAssertEqual(policy.clipFraction, c.clip_fraction, accuracy: 1e-12)
            XCTAssertGreaterThan(policy.clipFraction, 0, "the fixture exercises clipping")
            XCTAssertEqual(policy.approxKL, c.approx_kl, accuracy: 1e-7)

            let value = PPOMath.clippedValueLoss(values: c.new_values, oldValues: c.old_values,
                                                 returns: c.returns.map { $0.map(Float.init) }, clipRange: s.value_clip_range)
            XCTAssertEqual(value.loss, c.value_loss, accuracy: 1e-6, "case \(index) value loss")
            assertRows(value.gradient, c.value_gradient, "case \(index) ∂value loss/∂V", tolerance: 1e-5)
            XCTAssertEqual(value.clipFraction, c.value_clip_fraction, accuracy: 1e-12)
            XCTAssertGreaterThan(value.clipFraction, 0, "the fixture exercises value clipping")
            XCTAssertEqual(PPOMath.explainedVariance(values: c.old_values, returns: returns), c.explained_variance, accuracy: 1e-5)
        }
    }

    func testAdaptiveKLControllerMatchesTheReference() throws {
        let c = try reference().kl_controller
        var controller = KLController(coefficient: c.beta, adaptive: true, target: c.target, horizon: c.horizon)
        for (kl, expected) in zip(c.kls, c.betas) {
            controller.update(currentKL: kl, samples: c.samples)
            XCTAssertEqual(controller.coefficient, expected, accuracy: 1e-12, "after KL \(kl)")
        }
    }
}
