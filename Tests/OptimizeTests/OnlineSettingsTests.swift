import Feedback
import Foundation
import Model
import Train
import XCTest
@testable import Optimize

/// Settings, evaluation cadence, prompt draws and the typed errors of bad input.
final class OnlineSettingsTests: XCTestCase {
    func testEvaluationCadence() {
        var settings = OnlineSettings()
        settings.steps = 100
        settings.evalEvery = 10
        settings.denseEvalEvery = 2
        settings.denseEvalBelowKL = 2
        XCTAssertTrue(settings.evaluates(atStep: 0, lastEvaluatedKL: nil))
        XCTAssertFalse(settings.evaluates(atStep: 1, lastEvaluatedKL: 0.1))
        XCTAssertTrue(settings.evaluates(atStep: 2, lastEvaluatedKL: 0.1))
        XCTAssertFalse(settings.evaluates(atStep: 2, lastEvaluatedKL: 2.5), "sparse once KL passed 2 nats")
        XCTAssertTrue(settings.evaluates(atStep: 20, lastEvaluatedKL: 2.5))
        XCTAssertTrue(settings.evaluates(atStep: 100, lastEvaluatedKL: 9), "the end")
        settings.evalEvery = 0
        XCTAssertFalse(settings.evaluates(atStep: 0, lastEvaluatedKL: nil))
        XCTAssertFalse(settings.evaluates(atStep: 100, lastEvaluatedKL: nil))
    }

    func testPromptDrawsAreDeterministicAndCoverEveryEpoch() {
        let set = PromptSet(source: "test", texts: (0..<10).map(String.init), inputs: Array(repeating: [1], count: 10), worldPrompts: nil)
        let draws = (0..<5).flatMap { set.indices(step: $0, count: 4, seed: 3) }
        XCTAssertEqual(draws, (0..<5).flatMap { set.indices(step: $0, count: 4, seed: 3) })
        XCTAssertEqual(Set(draws[0..<10]), Set(0..<10), "epoch 0 draws every prompt once")
        XCTAssertEqual(Set(draws[10..<20]), Set(0..<10), "epoch 1 too")
        XCTAssertNotEqual(Array(draws[0..<10]), Array(draws[10..<20]), "each epoch is its own permutation")
        XCTAssertNotEqual(set.indices(step: 0, count: 10, seed: 4), set.indices(step: 0, count: 10, seed: 3))
        XCTAssertEqual(PromptSet.permutation(count: 6, seed: 1).sorted(), Array(0..<6))
    }

    func testSettingsJSONRoundTripsWithTheObjectiveAtTopLevel() throws {
        var settings = OnlineSettings()
        settings.objective = RewardObjective(kind: .wco, uwoLambda: 0.5)
        settings.evalPrompts = "held-out.jsonl"
        let data = try JSONEncoder().encode(settings)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["objective"] as? String, "wco")
        XCTAssertEqual(object["kl_coefficient"] as? Double, 0.05)
        XCTAssertEqual(object["dense_eval_below_kl"] as? Double, 2)
        XCTAssertNil(object["world"])
        XCTAssertEqual(try JSONDecoder().decode(OnlineSettings.self, from: data), settings)
    }

    func testBadSettingsNameTheSetting() {
        func failing(_ change: (inout OnlineSettings) -> Void) -> String? {
            var settings = OnlineSettings()
            settings.policy = "policy"
            settings.world = "world"
            change(&settings)
            do { try settings.validate() } catch { return (error as? OnlineError)?.name }
            return nil
        }
        XCTAssertNil(failing { _ in })
        XCTAssertEqual(failing { $0.policy = "" }, "policy")
        XCTAssertEqual(failing { $0.world = nil }, "prompts")
        XCTAssertEqual(failing { $0.world = nil; $0.prompts = "p.jsonl" }, "eval_prompts")
        XCTAssertNil(failing { $0.world = nil; $0.prompts = "p.jsonl"; $0.evalEvery = 0 })
        XCTAssertEqual(failing { $0.promptTemplate = "Q:" }, "prompt_template")
        XCTAssertEqual(failing { $0.steps = 0 }, "steps")
        XCTAssertEqual(failing { $0.temperature = 0 }, "temperature")
        // Log-probs and KL are computed at temperature 1, so sampling at another one is refused.
        XCTAssertEqual(failing { $0.temperature = 0.7 }, "temperature")
        XCTAssertEqual(failing { $0.maxNewTokens = 0 }, "max_new_tokens")
        XCTAssertEqual(failing { $0.learningRate = .nan }, "learning_rate")
        XCTAssertEqual(failing { $0.minimumLearningRate = 1 }, "minimum_learning_rate")
        XCTAssertEqual(failing { $0.klCoefficient = -1 }, "kl_coefficient")
        XCTAssertEqual(failing { $0.objective.uwoLambda = -0.1 }, "uwo_lambda")
        XCTAssertEqual(failing { $0.evalSamples = 0 }, "eval_samples")
        XCTAssertEqual(failing { $0.checkpointEvery = 0 }, "checkpoint_every")
        XCTAssertEqual(failing { $0.batchSize = 0 }, "batch_size")
    }

    // MARK: input errors of a run

    func testPromptOutsideTheWorldIsAnError() throws {
        let fixture = try OnlineFixture()
        let prompts = fixture.folder.appendingPathComponent("prompts.jsonl")
        let known = try XCTUnwrap(fixture.world.prompts(in: .train).first).prompt
        try "{\"prompt\": \(String(decoding: try JSONEncoder().encode(known), as: UTF8.self))}\n{\"prompt\": \"Who painted the moon?\"}\n"
            .write(to: prompts, atomically: true, encoding: .utf8)
        var settings = fixture.settings(out: "run")
        settings.prompts = prompts.path
        XCTAssertThrowsError(try OnlineRun(config: GroupPolicyConfig.rloo(settings), reward: LetterReward()).run()) { error in
            XCTAssertEqual(error as? OnlineError, .promptNotInWorld(source: prompts.path, index: 1, prompt: "Who painted the moon?"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: settings.out), "nothing is written before the inputs are checked")
    }

    func testUnreadablePromptsAndTooLongPromptsAreErrors() throws {
        let fixture = try OnlineFixture()
        let prompts = fixture.folder.appendingPathComponent("bad.jsonl")
        try "{\"prompt\": \"a\"}\nnot json\n".write(to: prompts, atomically: true, encoding: .utf8)
        var settings = fixture.settings(out: "run")
        settings.world = nil
        settings.prompts = prompts.path
        settings.evalEvery = 0
        XCTAssertThrowsError(try OnlineRun(config: GroupPolicyConfig.rloo(settings), reward: LetterReward()).run()) { error in
            XCTAssertEqual(error as? PromptFileError, .invalidJSON(path: prompts.path, line: 2))
        }
        settings = fixture.settings(out: "run")
        settings.promptTemplate = String(repeating: "padding ", count: 40) + "{prompt}"
        XCTAssertThrowsError(try OnlineRun(config: GroupPolicyConfig.rloo(settings), reward: LetterReward()).run()) { error in
            guard case .promptTooLong(_, 0, _, 96)? = error as? OnlineError else { return XCTFail("\(error)") }
        }
    }

    func testPolicyWithoutTokenizerIsAnError() throws {
        let fixture = try OnlineFixture()
        try FileManager.default.removeItem(at: fixture.policyURL.appendingPathComponent("tokenizer.json"))
        XCTAssertThrowsError(try OnlineRun(config: GroupPolicyConfig.rloo(fixture.settings(out: "run")), reward: LetterReward()).run()) { error in
            XCTAssertEqual(error as? OnlineError, .missingTokenizer(path: fixture.policyURL.path))
        }
    }

    func testMissingRewardAndBadCheckpointAreErrors() throws {
        let fixture = try OnlineFixture()
        var settings = try fixture.letterSettings(out: "run", steps: 3)
        settings.rewards = []
        XCTAssertThrowsError(try OnlineRun(config: GroupPolicyConfig.rloo(settings)).run()) { error in
            XCTAssertEqual((error as? OnlineError)?.name, "rewards")
        }
        settings = try fixture.letterSettings(out: "run", steps: 3)
        settings.evalEvery = 0
        try OnlineRun(config: GroupPolicyConfig.rloo(settings), reward: LetterReward()).run()
        let checkpoint = URL(fileURLWithPath: settings.out).appendingPathComponent("checkpoints/step-00000003")
        try "{}".write(to: checkpoint.appendingPathComponent("online_state.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try OnlineRun<GroupPolicyConfig>(resuming: URL(fileURLWithPath: settings.out), reward: LetterReward()).run()) { error in
            guard case .badCheckpoint(let path, _)? = error as? OnlineError else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasSuffix("online_state.json"))
        }
        try FileManager.default.removeItem(at: checkpoint.appendingPathComponent("policy_optimizer.safetensors"))
        XCTAssertThrowsError(try OnlineRun<GroupPolicyConfig>(resuming: URL(fileURLWithPath: settings.out), reward: LetterReward()).run()) { error in
            guard case .badCheckpoint(let path, _)? = error as? OnlineError else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasSuffix("policy_optimizer.safetensors"))
        }
    }
}
