import Foundation
import Model
import Train
import XCTest
@testable import Optimize

/// Whole DPO/IPO runs on a tiny random-init policy: learning, resume after a kill, the reference
/// cache, the run directory and the settings' errors.
final class DPOTrainingTests: XCTestCase {
    struct Killed: Error {}
    static let tiny = Result { try DPOTinyPolicy() }

    /// DPO on ideal labels raises the implicit-reward accuracy (0 at the start, where π = π_ref) on the
    /// training pairs and on held-out pairs within a bounded number of steps.
    func testDPORaisesImplicitRewardAccuracy() throws {
        let tiny = try Self.tiny.get()
        var config = tiny.config(data: try tiny.preferences("ideal", items: 120), out: "learn")
        config.batchSize = 16
        config.epochs = 3
        config.learningRate = 3e-3
        config.minimumLearningRate = 3e-4
        config.heldOutFraction = 0.25
        config.evalEvery = 1000  // held-out figures at the first and last step only
        let summary = try DPORun(config: config).run()
        let rows = try String(contentsOf: URL(fileURLWithPath: config.out).appendingPathComponent("metrics.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(DPOStepMetrics.self, from: Data($0.utf8)) }
        XCTAssertEqual(rows.count, 17)  // 90 training pairs × 3 epochs / 16
        let first = try XCTUnwrap(rows.first?.heldOut), last = try XCTUnwrap(summary.final?.heldOut)
        // Training pairs: from chance to nearly all ranked as labelled.
        XCTAssertLessThan(rows.prefix(3).map(\.accuracy).reduce(0, +) / 3, 0.7)
        XCTAssertGreaterThan(rows.suffix(5).map(\.accuracy).reduce(0, +) / 5, 0.85)
        // Held-out pairs (30): better than at the start, with a positive margin and a loss below log 2.
        XCTAssertGreaterThan(last.accuracy, first.accuracy)
        XCTAssertGreaterThan(last.margin, 0.05)
        XCTAssertLessThan(last.loss, first.loss - 0.03)
        XCTAssertLessThan(last.loss, Float(log(2.0)) - 0.03)
    }

    /// A run killed part-way and resumed ends bitwise identical to an uninterrupted one, reading the
    /// reference log-probabilities from the run's cache instead of recomputing them.
    func testKilledAndResumedRunMatchesUninterruptedRun() throws {
        let tiny = try Self.tiny.get()
        let data = try tiny.preferences("biased", items: 50)
        for loss in DPOLossKind.allCases {
            var whole = tiny.config(data: data, out: "whole-\(loss)", loss: loss)
            whole.evalEvery = 2
            whole.checkpointEvery = 3
            whole.lengthNormalized = loss == .ipo
            var killed = whole
            killed.out = tiny.folder.path("killed-\(loss)")
            try DPORun(config: whole).run()
            XCTAssertThrowsError(try DPORun(config: killed).run { event in
                if case let .step(metrics) = event, metrics.step == 4 { throw Killed() }
            })
            let killedURL = URL(fileURLWithPath: killed.out), wholeURL = URL(fileURLWithPath: whole.out)
            XCTAssertEqual(RunDirectory.stepCheckpoints(at: killedURL).map(\.step), [3])
            var readFromCache: Bool?
            try DPORun(resuming: killedURL).run { event in
                if case let .reference(computed, _) = event { readFromCache = !computed }
            }
            XCTAssertEqual(readFromCache, true)
            for file in ["metrics.jsonl", "reference_logps.json",
                         "checkpoints/final/model.safetensors", "checkpoints/step-00000006/optimizer.safetensors",
                         "checkpoints/step-00000006/trainer_state.json"] {
                XCTAssertEqual(try Data(contentsOf: wholeURL.appendingPathComponent(file)), try Data(contentsOf: killedURL.appendingPathComponent(file)),
                               "\(loss) \(file)")
            }
            let rows = try String(contentsOf: wholeURL.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
            XCTAssertEqual(rows.count, 6)  // 45 training pairs (5 held out) / 8 per step
            let row = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(rows[1].utf8)) as? [String: Any])
            for key in ["step", "tokens", "loss", "rewards/chosen", "rewards/rejected", "rewards/accuracies", "rewards/margins",
                        "logps/chosen", "logps/rejected", "grad_norm", "learning_rate", "loss/held_out", "rewards/accuracies/held_out",
                        "rewards/margins/held_out", "rewards/chosen/held_out", "rewards/rejected/held_out", "logps/chosen/held_out",
                        "logps/rejected/held_out"] {
                XCTAssertNotNil(row[key], "\(loss) \(key)")
            }
            let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: wholeURL.appendingPathComponent("config.json"))) as? [String: Any])
            XCTAssertEqual(config["method"] as? String, loss == .ipo ? "ipo" : "dpo")
            XCTAssertEqual(config["loss"] as? String, loss.rawValue)
            XCTAssertEqual(config["length_normalized"] as? Bool, loss == .ipo)
            let summary = try JSONDecoder().decode(DPOSummary.self, from: Data(contentsOf: wholeURL.appendingPathComponent("summary.json")))
            XCTAssertEqual(summary.trainingPairs, 45)
            XCTAssertEqual(summary.final?.step, 5)
            XCTAssertNotNil(try ModelDirectory.loadGPT(from: URL(fileURLWithPath: summary.model)))
            XCTAssertThrowsError(try DPORun(config: whole).run()) {
                XCTAssertEqual($0 as? RunDirectoryError, .alreadyExists(path: whole.out))
            }
        }
    }

    /// The cache holds what a fresh pass of the initial policy computes, and refuses other data.
    func testReferenceCacheMatchesAFreshPassAndRefusesOtherData() throws {
        let tiny = try Self.tiny.get()
        var config = tiny.config(data: try tiny.preferences("ideal", items: 30), out: "cache")
        config.epochs = 1
        try DPORun(config: config).run()
        let run = URL(fileURLWithPath: config.out)
        let tokenizer = try DPORun.tokenizer(of: tiny.policy)
        let format = PolicyTextFormat(promptTemplate: config.promptTemplate, completionTemplate: config.completionTemplate)
        let model = try ModelDirectory.loadGPT(from: tiny.policy)
        let data = try DPOPreferenceData.load(url: URL(fileURLWithPath: config.data), tokenizer: tokenizer, format: format,
                                              contextLength: model.config.contextLength, heldOutFraction: config.heldOutFraction,
                                              overlong: config.overlong)
        let cached = try XCTUnwrap(try ReferenceLogProbs.read(fromRun: run, matching: data))
        let eot = Int32(tokenizer.specialTokenID("<|endoftext|>")!)
        for (pairs, split) in [(data.training, cached.training), (data.heldOut, cached.heldOut)] {
            XCTAssertEqual(split.chosen.count, pairs.count)
            for (i, pair) in pairs.enumerated() {
                // One pair on its own: the batch it was cached in must not matter beyond float rounding.
                let scored = try model.completionLogProbabilities(try CompletionBatch(pairs: [pair], padding: eot, contextLength: model.config.contextLength))
                XCTAssertEqual(split.chosen[i], scored.sequenceLogProbs[0], accuracy: 1e-3)
                XCTAssertEqual(split.rejected[i], scored.sequenceLogProbs[1], accuracy: 1e-3)
            }
        }
        var other = data
        other.training.removeLast()
        XCTAssertThrowsError(try ReferenceLogProbs.read(fromRun: run, matching: other)) { error in
            guard case DPOError.staleReferenceCache(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasSuffix(ReferenceLogProbs.fileName))
        }
        XCTAssertNil(try ReferenceLogProbs.read(fromRun: tiny.folder.url, matching: data))
    }

    func testSettingsThatCannotTrainAreErrors() throws {
        func reason(_ change: (inout DPOConfig) -> Void) -> String? {
            var config = DPOConfig()
            change(&config)
            do { try config.validate(); return nil } catch let DPOError.invalidSetting(name, _) { return name } catch { return "\(error)" }
        }
        XCTAssertNil(reason { _ in })
        XCTAssertEqual(reason { $0.beta = 0 }, "beta")
        XCTAssertEqual(reason { $0.batchSize = 0 }, "batch_size")
        XCTAssertEqual(reason { $0.heldOutFraction = 1 }, "held_out_fraction")
        XCTAssertEqual(reason { $0.loss = .ipo }, "method")
        XCTAssertEqual(reason { $0.promptTemplate = "Q:" }, "prompt_template")
        XCTAssertEqual(reason { $0.learningRate = -1 }, "learning_rate")
        XCTAssertNil(reason { $0 = DPOConfig(method: .ipo) })
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONEncoder().encode(DPOConfig(method: .ipo))) as? [String: Any])
        XCTAssertEqual(json["method"] as? String, "ipo")
        XCTAssertEqual(json["beta"] as? Double, 0.1)
        for key in ["length_normalized", "batch_size", "held_out_fraction", "prompt_template", "completion_template", "overlong", "seed"] {
            XCTAssertNotNil(json[key], key)
        }
        let tiny = try Self.tiny.get()
        var missingPolicy = tiny.config(data: try tiny.preferences("ideal", items: 10), out: "no-policy")
        missingPolicy.policy = tiny.folder.path("nowhere")
        XCTAssertThrowsError(try DPORun(config: missingPolicy).run())
    }
}
