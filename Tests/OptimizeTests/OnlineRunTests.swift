import Feedback
import Foundation
import Model
import Train
import XCTest
@testable import Optimize

/// The shared online loop over a run directory: rows, evaluations, checkpoints, summary, resume.
final class OnlineRunTests: XCTestCase {
    struct Killed: Error {}

    func testRunDirectoryRowsCheckpointsAndSummary() throws {
        let fixture = try OnlineFixture()
        var settings = fixture.settings(out: "run", steps: 6)
        settings.promptsPerStep = 2
        settings.evalSamples = 16
        let config = GroupPolicyConfig.rloo(settings)
        var events: [Int] = []
        let summary = try OnlineRun(config: config, reward: LetterReward()).run { event in
            if case .step(let row, _) = event { events.append(row.step) }
        }
        let run = URL(fileURLWithPath: config.online.out)
        let rows = try OnlineMetricsRow.read(from: run.appendingPathComponent("metrics.jsonl"))
        // Steps 0…5, then the final evaluation as step 6.
        XCTAssertEqual(rows.map(\.step), Array(0...6))
        XCTAssertEqual(events, Array(0...6))
        for row in rows.dropLast() {
            for key in ["kl", "kl_k3", "proxy_reward", "gold_reward", "entropy", "response_length", "refusal_rate", "ensemble_std",
                        "loss", "loss/policy", "loss/kl", "advantage_mean", "advantage_std", "grad_norm", "learning_rate"] {
                XCTAssertNotNil(row.values[key], "step \(row.step) lacks \(key)")
            }
        }
        // Rollouts come from the policy before the step's update: step 0 samples the reference itself.
        XCTAssertEqual(rows[0].values["kl"], 0)
        XCTAssertEqual(rows[0].values["eval/kl"], 0)
        // Evaluations: step 0, every 4 steps, every 2 while KL < 2 nats, and the end.
        XCTAssertEqual(rows.filter { $0.values["eval/gold_reward"] != nil }.map(\.step), [0, 2, 4, 6])
        XCTAssertEqual(rows[2].values["eval/samples"], 16)
        XCTAssertNotNil(rows[6].values["eval/gold_reward_se"])
        XCTAssertNil(rows[6].values["proxy_reward"])
        // Each evaluation keeps its samples; the mean of their gold is the row's figure.
        for step in [0, 2, 4, 6] {
            let samples = try EvaluationSample.read(from: EvaluationSample.url(run: run, step: step))
            XCTAssertEqual(samples.count, 16)
            XCTAssertEqual(samples.compactMap(\.goldReward).reduce(0, +) / 16, try XCTUnwrap(rows[step].values["eval/gold_reward"]), accuracy: 1e-6)  // rows average Float gold
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: EvaluationSample.url(run: run, step: 1).path))
        // Checkpoints every 3 steps, all kept, and the final policy; only the newest keeps the resume state.
        let checkpoints = RunDirectory.stepCheckpoints(at: run).map(\.step)
        XCTAssertEqual(checkpoints, [3, 6])
        for name in ["model.safetensors", "config.json", "tokenizer.json", "policy_optimizer.safetensors", "online_state.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent("checkpoints/step-00000006/\(name)").path), name)
        }
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("checkpoints/step-00000003").path)),
                       ["model.safetensors", "config.json", "tokenizer.json"])
        XCTAssertNoThrow(try ModelDirectory.loadGPT(from: run.appendingPathComponent("checkpoints/step-00000003")))
        XCTAssertNoThrow(try ModelDirectory.loadGPT(from: run.appendingPathComponent("checkpoints/final")))
        // config.json names the method, the objective and the KL placement.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json"))) as? [String: Any]
        XCTAssertEqual(json?["method"] as? String, "rloo")
        XCTAssertEqual(json?["objective"] as? String, "single")
        XCTAssertEqual(json?["kl_placement"] as? String, "reward")
        XCTAssertEqual(summary.evaluations, 4)
        XCTAssertEqual(summary.finalEvaluation["eval/gold_reward"], rows[6].values["eval/gold_reward"])
        let best = rows.compactMap { $0.values["eval/gold_reward"] }.max()
        XCTAssertEqual(summary.peakEvalGold?.value, best)
        XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent("summary.json").path))
    }

    /// A stop request after step 2's row ends the run there: θ₃ is evaluated as the last row, saved as
    /// `final`, and the summary says when and why; the weights are those of an uninterrupted run at step 3.
    func testStopEarlyEndsTheRunAfterTheRequestingStep() throws {
        let fixture = try OnlineFixture()
        var settings = fixture.settings(out: "stopped", steps: 6)
        settings.promptsPerStep = 2
        settings.evalSamples = 8
        settings.checkpointEvery = 3
        var seen: [Int] = []
        let summary = try OnlineRun(config: GroupPolicyConfig.rloo(settings), reward: LetterReward()).run(stopEarly: { row in
            seen.append(row.step)
            return row.step == 2 ? "alarm: proxy_slope" : nil
        })
        XCTAssertEqual(seen, [0, 1, 2])
        XCTAssertEqual(summary.stoppedEarly, OnlineSummary.StoppedEarly(step: 3, reason: "alarm: proxy_slope"))
        XCTAssertEqual(summary.steps, 6, "the planned steps stay recorded")
        let run = URL(fileURLWithPath: settings.out)
        let rows = try OnlineMetricsRow.read(from: run.appendingPathComponent("metrics.jsonl"))
        XCTAssertEqual(rows.map(\.step), [0, 1, 2, 3])
        XCTAssertNil(rows[3].values["proxy_reward"], "the last row is the final policy's evaluation only")
        XCTAssertNotNil(rows[3].values["eval/gold_reward"])
        XCTAssertEqual(summary.finalEvaluation["eval/gold_reward"], rows[3].values["eval/gold_reward"])
        let written = try JSONDecoder().decode(OnlineSummary.self, from: Data(contentsOf: run.appendingPathComponent("summary.json")))
        XCTAssertEqual(written.stoppedEarly?.step, 3)
        // θ₃ is what six uninterrupted steps had after three.
        var straight = settings
        straight.out = fixture.folder.appendingPathComponent("straight").path
        try OnlineRun(config: GroupPolicyConfig.rloo(straight), reward: LetterReward()).run()
        let stoppedFinal = try Data(contentsOf: run.appendingPathComponent("checkpoints/final/model.safetensors"))
        let straightThird = try Data(contentsOf: URL(fileURLWithPath: straight.out).appendingPathComponent("checkpoints/step-00000003/model.safetensors"))
        XCTAssertEqual(stoppedFinal, straightThird)
    }

    /// Six steps straight vs. killed after step 3's row and resumed: identical metrics and weights.
    func testResumeGivesIdenticalMetricsAndWeights() throws {
        let fixture = try OnlineFixture()
        var straight = try fixture.letterSettings(out: "straight", steps: 6)
        straight.evalEvery = 5  // evaluations at 0, 2, 4 (dense: KL < 2), 5, 6: step 4 needs the KL the checkpoint kept
        try OnlineRun(config: GroupPolicyConfig.grpo(straight), reward: LetterReward(members: 2)).run()

        var interrupted = straight
        interrupted.out = fixture.path("interrupted")
        XCTAssertThrowsError(try OnlineRun(config: GroupPolicyConfig.grpo(interrupted), reward: LetterReward(members: 2)).run { event in
            if case .step(let row, _) = event, row.step == 4 { throw Killed() }
        })
        let url = URL(fileURLWithPath: interrupted.out)
        XCTAssertEqual(RunDirectory.stepCheckpoints(at: url).map(\.step), [3])
        var firstStep = -1
        try OnlineRun<GroupPolicyConfig>(resuming: url, reward: LetterReward(members: 2)).run { event in
            if case .started(let first, _, _, _, _) = event { firstStep = first }
        }
        XCTAssertEqual(firstStep, 3)
        let rows = try OnlineMetricsRow.read(from: url.appendingPathComponent("metrics.jsonl"))
        XCTAssertEqual(rows.filter { $0.values["eval/proxy_reward"] != nil }.map(\.step), [0, 2, 4, 5, 6])
        for file in ["metrics.jsonl", "summary.json", "checkpoints/final/model.safetensors", "checkpoints/step-00000006/policy_optimizer.safetensors"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: straight.out).appendingPathComponent(file))
            let b = try Data(contentsOf: url.appendingPathComponent(file))
            if file == "summary.json" {
                // The summary names its own run's model path; everything else must match.
                XCTAssertEqual(String(decoding: a, as: UTF8.self).replacingOccurrences(of: "straight", with: "interrupted"),
                               String(decoding: b, as: UTF8.self))
            } else {
                XCTAssertEqual(a, b, file)
            }
        }
    }

    /// With resume_state_in_every_checkpoint every step checkpoint keeps the state, and a run can go on
    /// from an older one (here step 3 of 6, after the newer ones are removed) to the same end.
    func testResumeStateInEveryCheckpointKeepsOlderCheckpointsResumable() throws {
        let fixture = try OnlineFixture()
        var settings = try fixture.letterSettings(out: "every", steps: 6)
        settings.resumeStateInEveryCheckpoint = true
        try OnlineRun(config: GroupPolicyConfig.rloo(settings), reward: LetterReward()).run()
        let run = URL(fileURLWithPath: settings.out)
        let finalWeights = try Data(contentsOf: run.appendingPathComponent("checkpoints/final/model.safetensors"))
        for name in ["policy_optimizer.safetensors", "online_state.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: run.appendingPathComponent("checkpoints/step-00000003/\(name)").path), name)
        }
        try FileManager.default.removeItem(at: run.appendingPathComponent("checkpoints/step-00000006"))
        try FileManager.default.removeItem(at: run.appendingPathComponent("checkpoints/final"))
        try OnlineRun<GroupPolicyConfig>(resuming: run, reward: LetterReward()).run()
        XCTAssertEqual(try Data(contentsOf: run.appendingPathComponent("checkpoints/final/model.safetensors")), finalWeights)
        // Configs written before the setting existed decode as keeping every state (what those runs did).
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json"))) as? [String: Any])
        XCTAssertEqual(json["resume_state_in_every_checkpoint"] as? Bool, true)
        json["resume_state_in_every_checkpoint"] = nil
        let old = try JSONDecoder().decode(GroupPolicyConfig.self, from: JSONSerialization.data(withJSONObject: json))
        XCTAssertTrue(old.online.resumeStateInEveryCheckpoint)
        XCTAssertFalse(OnlineSettings().resumeStateInEveryCheckpoint)
    }

    func testResumeWithoutCheckpointAndExistingRunAreErrors() throws {
        let fixture = try OnlineFixture()
        let config = GroupPolicyConfig.rloo(try fixture.letterSettings(out: "run", steps: 2))
        try OnlineRun(config: config, reward: LetterReward()).run()
        XCTAssertThrowsError(try OnlineRun(config: config, reward: LetterReward()).run()) { error in
            XCTAssertEqual(error as? RunDirectoryError, .alreadyExists(path: config.online.out))
        }
        try FileManager.default.removeItem(at: URL(fileURLWithPath: config.online.out).appendingPathComponent("checkpoints"))
        XCTAssertThrowsError(try OnlineRun<GroupPolicyConfig>(resuming: URL(fileURLWithPath: config.online.out), reward: LetterReward()).run()) { error in
            XCTAssertEqual(error as? RunDirectoryError, .noCheckpoint(path: config.online.out))
        }
    }
}
