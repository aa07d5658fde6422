import Foundation
import XCTest
@testable import Model
@testable import Optimize
@testable import Tensor

/// PPOMethod on the tiny token task: it learns, it reports its metrics, it resumes exactly, and it
/// rejects rollouts and checkpoints that do not fit.
final class PPOMethodTests: XCTestCase {
    func testPPORaisesTheProxyRewardOnATinyTask() throws {
        let policy = try TinyTokenTask.makePolicy()
        let reference = try TinyTokenTask.copy(policy)
        let method = try PPOMethod(policy: policy, value: try ValueModel.initialize(fromPolicy: policy), config: TinyTokenTask.config())
        var rewards: [Double] = [], last: [String: Double] = [:]
        for step in 0..<20 {
            let rollout = try TinyTokenTask.rollout(policy: policy, reference: reference, seed: UInt64(100 + step))
            rewards.append(Double(rollout.objectiveRewards.reduce(0, +)) / Double(rollout.count))
            last = try method.update(rollout, step: step)
        }
        print("tiny-task proxy reward by step:", rewards.map { String(format: "%.2f", $0) }.joined(separator: " "))
        let start = rewards.prefix(3).reduce(0, +) / 3, end = rewards.suffix(3).reduce(0, +) / 3
        XCTAssertLessThan(start, 0.25, "the random policy rarely emits the rewarded token (\(rewards))")
        XCTAssertGreaterThan(end, start + 0.5, "PPO raised the proxy reward (\(rewards))")
        for key in ["loss/policy", "loss/value", "loss", "clip_fraction", "approx_kl", "value/explained_variance", "kl_coefficient",
                    "advantage_mean", "return_mean", "grad_norm", "learning_rate", "non_score_reward", "value/clip_fraction", "value/mean"] {
            XCTAssertNotNil(last[key], key)
            XCTAssertTrue(last[key]!.isFinite, "\(key) = \(String(describing: last[key]))")
        }
        XCTAssertEqual(last["kl_coefficient"], 0.02)
        XCTAssertEqual(last["learning_rate"]!, 3e-3, accuracy: 1e-9)
        XCTAssertLessThan(last["non_score_reward"]!, 0, "the policy moved away from the reference and pays for it")
    }

    /// A policy whose every token is already the rewarded one has nothing to gain: with the
    /// reference equal to the policy and one epoch, the first update's ratios are exactly 1.
    func testFirstPassRatiosAreOneAndTheAdaptiveBetaMoves() throws {
        let policy = try TinyTokenTask.makePolicy()
        var config = TinyTokenTask.config(adaptiveKL: true)
        config.ppo.epochs = 1
        config.ppo.minibatches = 1
        config.ppo.targetKL = 1
        config.ppo.klHorizon = 16
        let method = try PPOMethod(policy: policy, value: try ValueModel.initialize(fromPolicy: policy), config: config)
        let rollout = try TinyTokenTask.rollout(policy: policy, reference: try TinyTokenTask.copy(policy), seed: 5)
        let metrics = try method.update(rollout, step: 0)
        XCTAssertEqual(metrics["clip_fraction"], 0)
        XCTAssertEqual(metrics["approx_kl"]!, 0, accuracy: 1e-9)
        XCTAssertEqual(metrics["non_score_reward"]!, 0, accuracy: 1e-5, "policy = reference: no KL penalty")
        XCTAssertEqual(metrics["value/mean"], 0, "a zero head reads 0 everywhere")
        // KL ≈ 0 against a target of 1: error −0.2, β·(1 − 0.2·16/16).
        XCTAssertEqual(method.klController.coefficient, 0.02 * 0.8, accuracy: 1e-9)
    }

    func testResumeFromSavedStateGivesIdenticalUpdates() throws {
        var config = TinyTokenTask.config(seed: 9, adaptiveKL: true)
        config.ppo.klHorizon = 50
        let policy = try TinyTokenTask.makePolicy()
        let reference = try TinyTokenTask.copy(policy)
        let method = try PPOMethod(policy: policy, value: try ValueModel.initialize(fromPolicy: policy), config: config)
        for step in 0..<2 { _ = try method.update(try TinyTokenTask.rollout(policy: policy, reference: reference, seed: UInt64(step)), step: step) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-ppo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try method.saveState(to: folder)
        try ModelDirectory.save(policy, to: folder)

        func continueRun(_ method: PPOMethod) throws -> [[String: Double]] {
            try (2..<4).map { step in
                try method.update(try TinyTokenTask.rollout(policy: method.policy, reference: reference, seed: UInt64(step)), step: step)
            }
        }
        let savedController = method.klController
        XCTAssertNotEqual(savedController.coefficient, config.online.klCoefficient, "β has moved, so restoring it is tested")
        let straight = try continueRun(method)

        // A fresh process: the policy from its saved weights, a value model of the same shape from a
        // different start (its weights must come from the state).
        let resumedPolicy = try ModelDirectory.loadGPT(from: folder)
        let resumed = try PPOMethod(policy: resumedPolicy, value: try ValueModel.initialize(fromPolicy: try TinyTokenTask.makePolicy(seed: 77)),
                                    config: config)
        try resumed.loadState(from: folder)
        XCTAssertEqual(resumed.klController, savedController)
        let again = try continueRun(resumed)
        XCTAssertEqual(straight, again)
        XCTAssertEqual(policy.parameters.array, resumedPolicy.parameters.array)
        XCTAssertEqual(method.value.backbone.parameters.array, resumed.value.backbone.parameters.array)
        XCTAssertEqual(method.value.head.array, resumed.value.head.array)
        XCTAssertEqual(method.policyOptimizer.optimizer.firstMoment.array, resumed.policyOptimizer.optimizer.firstMoment.array)
    }

    func testMalformedRolloutsAreRejected() throws {
        let policy = try TinyTokenTask.makePolicy()
        let method = try PPOMethod(policy: policy, value: try ValueModel.initialize(fromPolicy: policy), config: TinyTokenTask.config())
        let good = try TinyTokenTask.rollout(policy: policy, reference: try TinyTokenTask.copy(policy), seed: 1)
        func rejected(_ change: (inout Rollout) -> Void, _ fragment: String, line: UInt = #line) {
            var rollout = good
            change(&rollout)
            XCTAssertThrowsError(try method.update(rollout, step: 0), line: line) { error in
                guard case PPOError.invalidRollout(let reason) = error else { return XCTFail("\(error)", line: line) }
                XCTAssertTrue(reason.contains(fragment), "\(reason)", line: line)
            }
        }
        rejected({ $0.objectiveRewards.removeLast() }, "objective_rewards")
        rejected({ $0.endedWithEndOfText = [true] }, "ended_with_end_of_text")
        rejected({ $0.referenceLogProbs[3].removeLast() }, "row 3")
        rejected({ $0.objectiveRewards[2] = .nan }, "row 2: objective reward")
    }

    func testMissingOrCorruptStateIsATypedError() throws {
        let policy = try TinyTokenTask.makePolicy()
        let method = try PPOMethod(policy: policy, value: try ValueModel.initialize(fromPolicy: policy), config: TinyTokenTask.config())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-ppo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stateURL = folder.appendingPathComponent("ppo_state.json")
        XCTAssertThrowsError(try method.loadState(from: folder)) { XCTAssertEqual($0 as? CheckpointError, .missingFile(path: stateURL.path)) }

        try method.saveState(to: folder)
        try Data("{\"kl_coefficient\": 1}".utf8).write(to: stateURL)
        XCTAssertThrowsError(try method.loadState(from: folder)) { error in
            guard case PPOError.badState(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, stateURL.path)
        }
        try method.saveState(to: folder)
        let moments = folder.appendingPathComponent("value/value_head_optimizer.safetensors")
        try Safetensors.write([("m.classifier.weight", [1, 16], UnsafeBufferPointer(start: method.value.head.pointer, count: 16))], to: moments)
        XCTAssertThrowsError(try method.loadState(from: folder)) {
            XCTAssertEqual($0 as? CheckpointError, .missingTensor(path: moments.path, tensor: "m.classifier.bias"))
        }
    }
}
