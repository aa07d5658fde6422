import Feedback
import Foundation
import Model
import Train
import XCTest
@testable import Optimize

/// PPO through the shared online loop: its metrics in every row, its state in the newest checkpoint, and a
/// resumed run identical to an uninterrupted one.
final class PPORunTests: XCTestCase {
    struct Killed: Error {}

    /// Over the world (gold reward in every row), or over one-letter prompts (fast in debug builds).
    func config(_ fixture: OnlineFixture, out: String, letters: Bool = false) throws -> PPOConfig {
        var online = letters ? try fixture.letterSettings(out: out, steps: 6) : fixture.settings(out: out, steps: 6)
        online.evalEvery = 3
        online.denseEvalEvery = 0
        var ppo = PPOSettings()
        ppo.minibatches = 2
        ppo.epochs = 2
        ppo.adaptiveKL = true
        ppo.klHorizon = 20
        ppo.valueLearningRate = 3e-3
        return PPOConfig(online: online, ppo: ppo)
    }

    func testRunRowsCheckpointsAndConfig() throws {
        let fixture = try OnlineFixture()
        let config = try config(fixture, out: "run")
        try OnlineRun(config: config, reward: LetterReward()).run()
        let run = URL(fileURLWithPath: config.online.out)
        let rows = try OnlineMetricsRow.read(from: run.appendingPathComponent("metrics.jsonl"))
        XCTAssertEqual(rows.map(\.step), Array(0...6))
        for row in rows.dropLast() {
            for key in ["kl", "kl_k3", "proxy_reward", "gold_reward", "entropy", "response_length", "loss", "loss/policy", "loss/value",
                        "clip_fraction", "approx_kl", "value/explained_variance", "kl_coefficient", "advantage_mean", "return_mean",
                        "non_score_reward", "grad_norm", "learning_rate"] {
                XCTAssertNotNil(row.values[key], "step \(row.step) lacks \(key)")
            }
        }
        // The adaptive β starts at kl_coefficient and moves (KL far below the 1-nat target: down).
        XCTAssertEqual(rows[0].values["kl_coefficient"], config.online.klCoefficient)
        XCTAssertLessThan(rows[5].values["kl_coefficient"]!, config.online.klCoefficient)
        for name in ["ppo_state.json", "policy_optimizer.safetensors", "value/model.safetensors", "value/value_head.safetensors",
                     "value/value_optimizer.safetensors", "value/value_head_optimizer.safetensors"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent("checkpoints/step-00000006/\(name)").path), name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: run.appendingPathComponent("checkpoints/step-00000003/\(name)").path),
                           "\(name): only the newest checkpoint keeps the resume state")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json"))) as? [String: Any]
        XCTAssertEqual(json?["method"] as? String, "ppo")
        XCTAssertEqual(json?["objective"] as? String, "single")
        XCTAssertEqual(json?["gae_lambda"] as? Double, 0.95)
    }

    /// Six steps straight vs. killed after step 4's row and resumed from step 3: identical bytes.
    func testResumeGivesIdenticalMetricsAndWeights() throws {
        let fixture = try OnlineFixture()
        let straight = try config(fixture, out: "straight", letters: true)
        try OnlineRun(config: straight, reward: LetterReward()).run()
        let interrupted = try config(fixture, out: "interrupted", letters: true)
        XCTAssertThrowsError(try OnlineRun(config: interrupted, reward: LetterReward()).run { event in
            if case .step(let row, _) = event, row.step == 4 { throw Killed() }
        })
        let url = URL(fileURLWithPath: interrupted.online.out)
        XCTAssertEqual(RunDirectory.stepCheckpoints(at: url).map(\.step), [3])
        try OnlineRun<PPOConfig>(resuming: url, reward: LetterReward()).run()
        for file in ["metrics.jsonl", "checkpoints/final/model.safetensors", "checkpoints/step-00000006/ppo_state.json",
                     "checkpoints/step-00000006/value/model.safetensors", "checkpoints/step-00000006/value/value_head.safetensors",
                     "checkpoints/step-00000006/value/value_optimizer.safetensors", "checkpoints/step-00000006/policy_optimizer.safetensors"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: straight.online.out).appendingPathComponent(file))
            let b = try Data(contentsOf: url.appendingPathComponent(file))
            XCTAssertEqual(a, b, file)
        }
    }
}
