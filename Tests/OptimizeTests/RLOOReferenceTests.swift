import Foundation
import Model
import Tensor
import XCTest
@testable import Optimize

/// RLOO/GRPO against numpy (Tests/Fixtures/generate/online_group_reference.py): shaped rewards,
/// advantages, the surrogate loss and its gradient, for both KL placements and estimators.
final class RLOOReferenceTests: XCTestCase {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var advantage: GroupAdvantageKind
            var kl_placement: KLPlacement
            var kl_estimator: KLEstimator
            var loss_aggregation: LossAggregation
            var shaped_rewards: [Double]
            var advantages: [Double]
            var loss: Double
            var gradient: [[Double]]
        }
        var samples_per_prompt: Int
        var kl_coefficient: Double
        var clip_range: Double
        var advantage_epsilon: Double
        var policy_log_probs: [[Float]]
        var reference_log_probs: [[Float]]
        var current_log_probs: [[Float]]
        var rewards: [Float]
        var cases: [Case]
    }

    func testMatchesNumpyReference() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/online/group.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let rows = fixture.rewards.count
        let completions = fixture.policy_log_probs.map { $0.indices.map { Int32($0 % 7 + 1) } }
        let batch = try CompletionBatch(prompts: Array(repeating: [1], count: rows), completions: completions, padding: 0, contextLength: 8)
        let rollout = Rollout(prompts: Array(repeating: "p", count: rows), completions: Array(repeating: "", count: rows), batch: batch,
                              policyLogProbs: fixture.policy_log_probs, referenceLogProbs: fixture.reference_log_probs,
                              memberRewards: fixture.rewards.map { [$0] }, objectiveRewards: fixture.rewards, goldRewards: nil,
                              endedWithEndOfText: Array(repeating: true, count: rows))
        let model = try GPT(config: GPTConfig(vocabularySize: 8, contextLength: 8, layerCount: 1, headCount: 1, embeddingWidth: 4))
        XCTAssertEqual(fixture.cases.count, 4)
        for reference in fixture.cases {
            var config = GroupPolicyConfig(advantage: reference.advantage, online: OnlineSettings(), klPlacement: reference.kl_placement,
                                           lossAggregation: reference.loss_aggregation)
            config.samplesPerPrompt = fixture.samples_per_prompt
            config.clipRange = fixture.clip_range
            config.advantageEpsilon = fixture.advantage_epsilon
            config.online.klCoefficient = fixture.kl_coefficient
            config.online.klEstimator = reference.kl_estimator
            let method = try GroupPolicyGradient(policy: model, config: config)
            let label = "\(reference.advantage) \(reference.kl_placement) \(reference.kl_estimator)"
            let shaped = method.shapedRewards(rollout).rewards
            for (a, b) in zip(shaped, reference.shaped_rewards) { XCTAssertEqual(a, b, accuracy: 1e-5, label) }
            let advantages = try method.advantages(shaped)
            for (a, b) in zip(advantages, reference.advantages) { XCTAssertEqual(a, b, accuracy: 1e-4, label) }
            let terms = method.lossGradient(fixture.current_log_probs, rollout: rollout, advantages: advantages)
            XCTAssertEqual(terms.policy + terms.kl, reference.loss, accuracy: 1e-5, label)
            for (row, expected) in zip(terms.gradient, reference.gradient) {
                XCTAssertEqual(row.count, expected.count)
                for (a, b) in zip(row, expected) { XCTAssertEqual(Double(a), b, accuracy: 1e-5, label) }
            }
        }
    }
}
