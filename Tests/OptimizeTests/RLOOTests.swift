import Foundation
import Model
import Tensor
import XCTest
@testable import Optimize

/// RLOO and GRPO: advantages and losses against hand computation, the two KL placements, the
/// clipped surrogate's gradient against finite differences, and both raising a proxy reward.
final class RLOOTests: XCTestCase {
    func testLeaveOneOutAdvantagesByHand() throws {
        let advantages = try GroupAdvantages.leaveOneOut([1, 2, 3, 6, 0.5, 0.5, -1, 2], groupSize: 4)
        let expected = [1 - 11.0 / 3, 2 - 10.0 / 3, 0, 4, 0, 0, -2, 2]
        for (a, e) in zip(advantages, expected) { XCTAssertEqual(a, e, accuracy: 1e-12) }
    }

    func testGroupNormalizedAdvantagesByHand() throws {
        // numpy: (r − mean) / (std(ddof=1) + 1e-4) per group of 4.
        let advantages = try GroupAdvantages.groupNormalized([1, 2, 3, 6, 0.5, 0.5, -1, 2], groupSize: 4, epsilon: 1e-4)
        let expected = [-0.9257772446135025, -0.46288862230675126, 0, 1.3886658669202538, 0, 0, -1.2246448795558884, 1.2246448795558884]
        for (a, e) in zip(advantages, expected) { XCTAssertEqual(a, e, accuracy: 1e-12) }
    }

    func testAdvantageShapeErrors() {
        XCTAssertThrowsError(try GroupAdvantages.leaveOneOut([1, 2, 3], groupSize: 2)) { error in
            XCTAssertEqual(error as? OptimizeError, .invalidBatch(reason: "3 rewards do not form groups of 2"))
        }
        XCTAssertThrowsError(try GroupAdvantages.groupNormalized([1, 2], groupSize: 1, epsilon: 1e-4))
    }

    // MARK: losses

    func tinyPolicy() throws -> GPT {
        let model = try GPT(config: GPTConfig(vocabularySize: 8, contextLength: 8, layerCount: 1, headCount: 1, embeddingWidth: 4))
        var generator = Xoshiro256StarStar(seed: 1)
        model.initializeWeights(generator: &generator)
        return model
    }

    /// Two prompts × two samples with hand-chosen log-probs and rewards.
    func rollout() throws -> Rollout {
        let policy: [[Float]] = [[-1, -2], [-0.5], [-1.2, -0.3, -2], [-0.7]]
        let reference: [[Float]] = [[-1.5, -1], [-0.5], [-1, -0.6, -1.5], [-0.2]]
        let completions = policy.map { $0.indices.map { Int32($0 + 2) } }
        let batch = try CompletionBatch(prompts: Array(repeating: [1], count: 4), completions: completions, padding: 0, contextLength: 8)
        return Rollout(prompts: ["p", "p", "q", "q"], completions: ["", "", "", ""], batch: batch, policyLogProbs: policy,
                       referenceLogProbs: reference, memberRewards: [[1], [0], [2], [0.5]], objectiveRewards: [1, 0, 2, 0.5],
                       goldRewards: nil, endedWithEndOfText: [true, true, false, true])
    }

    func method(_ config: GroupPolicyConfig) throws -> GroupPolicyGradient {
        var config = config
        config.samplesPerPrompt = 2
        config.online.klCoefficient = 0.1
        return try GroupPolicyGradient(policy: try tinyPolicy(), config: config)
    }

    func testKLInRewardShapesTheSequenceReward() throws {
        let rloo = try method(.rloo())
        let (rewards, kl) = rloo.shapedRewards(try rollout())
        // k1 of row 0: (−1 + 1.5) + (−2 + 1) = −0.5; row 2: −0.2 + 0.3 − 0.5 = −0.4.
        XCTAssertEqual(kl[0], -0.5, accuracy: 1e-6)
        XCTAssertEqual(kl[2], -0.4, accuracy: 1e-6)
        XCTAssertEqual(rewards[0], 1 + 0.05, accuracy: 1e-6)
        XCTAssertEqual(rewards[3], 0.5 - 0.1 * -0.5, accuracy: 1e-6)
        // The loss then has no KL term: at ratio 1 the gradient is −A/B on every token.
        let advantages = try rloo.advantages(rewards)
        XCTAssertEqual(advantages[0], rewards[0] - rewards[1], accuracy: 1e-9)
        let sample = try rollout()
        let terms = rloo.lossGradient(sample.policyLogProbs, rollout: sample, advantages: advantages)
        XCTAssertEqual(terms.kl, 0)
        XCTAssertEqual(Double(terms.gradient[2][1]), -advantages[2] / 4, accuracy: 1e-6)
        let lengths = sample.policyLogProbs.map { Double($0.count) }
        XCTAssertEqual(terms.policy, -zip(advantages, lengths).reduce(0) { $0 + $1.0 * $1.1 } / 4, accuracy: 1e-9)
    }

    func testKLInLossIsK3PerTokenNotInTheReward() throws {
        let grpo = try method(.grpo())
        let rollout = try rollout()
        let (rewards, _) = grpo.shapedRewards(rollout)
        XCTAssertEqual(rewards, [1, 0, 2, 0.5])
        let advantages = try grpo.advantages(rewards)
        let terms = grpo.lossGradient(rollout.policyLogProbs, rollout: rollout, advantages: advantages)
        // Row 0, token 0: ρ = 0.5, weight 1/(2 tokens · 4 rows); ∂(β·k3)/∂log π = β(1 − e^(−ρ)).
        let weight = 1.0 / 8
        XCTAssertEqual(Double(terms.gradient[0][0]), weight * (-advantages[0] + 0.1 * (1 - exp(-0.5))), accuracy: 1e-6)
        let k3 = rollout.policyLogProbs.indices.map { KLEstimate.k3(policy: rollout.policyLogProbs[$0], reference: rollout.referenceLogProbs[$0]) }
        let expectedKL = zip(k3, rollout.policyLogProbs).reduce(0) { $0 + 0.1 * $1.0 / Double($1.1.count) } / 4
        XCTAssertEqual(terms.kl, expectedKL, accuracy: 1e-7)
    }

    /// The gradient the loss hands to the backward pass against central differences of the loss in
    /// each log-prob, with the policy moved away from the sampling policy so that some tokens clip.
    func testSurrogateGradientMatchesFiniteDifferences() throws {
        for config in [GroupPolicyConfig.rloo(), .grpo()] {
            let method = try method(config)
            let rollout = try rollout()
            let advantages = try method.advantages(method.shapedRewards(rollout).rewards)
            let moved: [[Float]] = [[-0.6, -2.5], [-0.55], [-1.0, -0.45, -2.02], [-0.9]]
            let terms = method.lossGradient(moved, rollout: rollout, advantages: advantages)
            XCTAssertGreaterThan(terms.clipFraction, 0, "some token should sit past the clip")
            for i in moved.indices {
                for t in moved[i].indices {
                    var up = moved, down = moved
                    up[i][t] += 1e-3
                    down[i][t] -= 1e-3
                    let lossUp = method.lossGradient(up, rollout: rollout, advantages: advantages)
                    let lossDown = method.lossGradient(down, rollout: rollout, advantages: advantages)
                    let numeric = ((lossUp.policy + lossUp.kl) - (lossDown.policy + lossDown.kl)) / 2e-3
                    XCTAssertEqual(Double(terms.gradient[i][t]), numeric, accuracy: 2e-3, "\(config.method) row \(i) token \(t)")
                }
            }
        }
    }

    // MARK: configuration

    func testConfigJSONIsFlatSnakeCaseAndRoundTrips() throws {
        var config = GroupPolicyConfig.grpo()
        config.online.objective = RewardObjective(kind: .uwo, uwoLambda: 0.3)
        config.online.world = "runs/world"
        let data = try JSONEncoder().encode(config)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        XCTAssertEqual(object?["method"] as? String, "grpo")
        XCTAssertEqual(object?["objective"] as? String, "uwo")
        XCTAssertEqual(object?["uwo_lambda"] as? Double, 0.3)
        XCTAssertEqual(object?["kl_placement"] as? String, "loss")
        XCTAssertEqual(object?["kl_estimator"] as? String, "k3")
        XCTAssertEqual(object?["loss_aggregation"] as? String, "token_mean")
        XCTAssertEqual(object?["prompts_per_step"] as? Int, 16)
        XCTAssertEqual(try JSONDecoder().decode(GroupPolicyConfig.self, from: data), config)
    }

    func testBadMethodSettingsAreTypedErrors() {
        var config = GroupPolicyConfig.rloo()
        config.samplesPerPrompt = 1
        XCTAssertThrowsError(try config.validate()) { XCTAssertEqual(($0 as? OnlineError).map(\.name), "samples_per_prompt") }
        config = .grpo()
        config.online.klEstimator = .k1
        XCTAssertThrowsError(try config.validate()) { XCTAssertEqual(($0 as? OnlineError).map(\.name), "kl_estimator") }
        config = .rloo()
        config.clipRange = 0
        XCTAssertThrowsError(try config.validate()) { XCTAssertEqual(($0 as? OnlineError).map(\.name), "clip_range") }
        config = .rloo()
        config.epochs = 0
        XCTAssertThrowsError(try config.validate()) { XCTAssertEqual(($0 as? OnlineError).map(\.name), "epochs") }
    }

    // MARK: the tiny task

    /// A random-init tiny GPT learns to write more lowercase letters (the stand-in reward) within 16
    /// steps: the paired held-out proxy at the end beats step 0's by well over its standard errors.
    func testRLOOAndGRPORaiseTheProxyReward() throws {
        let fixture = try OnlineFixture()
        for make in [GroupPolicyConfig.rloo, GroupPolicyConfig.grpo] {
            var settings = try fixture.letterSettings(out: UUID().uuidString, steps: 16)
            settings.evalEvery = 16
            settings.denseEvalEvery = 0
            settings.evalSamples = 32
            settings.checkpointEvery = 16
            settings.learningRate = 1e-2
            settings.minimumLearningRate = 1e-2
            let config = make(settings)
            let summary = try OnlineRun(config: config, reward: LetterReward()).run()
            let rows = try OnlineMetricsRow.read(from: URL(fileURLWithPath: settings.out).appendingPathComponent("metrics.jsonl"))
            let start = try XCTUnwrap(rows.first?.values), end = summary.finalEvaluation
            let gain = try XCTUnwrap(end["eval/proxy_reward"]) - XCTUnwrap(start["eval/proxy_reward"])
            let se = (pow(try XCTUnwrap(end["eval/proxy_reward_se"]), 2) + pow(try XCTUnwrap(start["eval/proxy_reward_se"]), 2)).squareRoot()
            XCTAssertGreaterThan(gain, 0.1, config.method)
            XCTAssertGreaterThan(gain, 3 * se, config.method)
            XCTAssertGreaterThan(try XCTUnwrap(end["eval/kl"]), 0, "the policy moved away from the reference")
        }
    }
}

extension OnlineError {
    /// The setting an `invalidSetting` names (tests compare names, not the wording).
    var name: String? {
        if case .invalidSetting(let name, _, _) = self { return name }
        return nil
    }
}
