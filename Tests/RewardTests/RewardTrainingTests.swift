import Feedback
import Foundation
import Tensor
import Train
import XCTest
@testable import Reward

final class RewardTrainingTests: XCTestCase {
    struct Killed: Error {}
    static let world = Result { try TinyWorld() }

    /// A reward run killed part-way and resumed ends bitwise identical to an uninterrupted one.
    func testKilledAndResumedRunMatchesUninterruptedRun() throws {
        let tiny = try Self.world.get()
        let data = try tiny.preferences("ideal", items: 96)
        var whole = tiny.config(data: data, out: "resume-whole")
        whole.epochs = 1
        whole.batchSize = 8
        whole.checkpointEvery = 4
        whole.evalEvery = 3
        var killed = whole
        killed.out = tiny.folder.path("resume-killed")
        try RewardTrainingRun(config: whole).run()
        XCTAssertThrowsError(try RewardTrainingRun(config: killed).run { event in
            if case let .step(_, metrics) = event, metrics.step == 6 { throw Killed() }
        })
        let killedURL = URL(fileURLWithPath: killed.out), wholeURL = URL(fileURLWithPath: whole.out)
        XCTAssertEqual(RunDirectory.stepCheckpoints(at: killedURL).map(\.step), [4])
        try RewardTrainingRun(resuming: killedURL).run()
        for file in ["metrics.jsonl", "checkpoints/final/model.safetensors", "checkpoints/final/reward_config.json",
                     "checkpoints/step-00000011/optimizer.safetensors", "checkpoints/step-00000011/head_optimizer.safetensors",
                     "checkpoints/step-00000011/trainer_state.json"] {
            XCTAssertEqual(try Data(contentsOf: wholeURL.appendingPathComponent(file)), try Data(contentsOf: killedURL.appendingPathComponent(file)), file)
        }
        let rows = try String(contentsOf: wholeURL.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.count, 11)  // 86 training pairs (10 held out) / 8 per step
        let first = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as? [String: Any])
        for key in ["loss", "accuracy", "reward_margin", "grad_norm", "learning_rate", "loss/held_out", "accuracy/held_out", "step", "tokens"] {
            XCTAssertNotNil(first[key], key)
        }
        let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: wholeURL.appendingPathComponent("config.json"))) as? [String: Any])
        XCTAssertEqual(config["method"] as? String, "reward")
        XCTAssertThrowsError(try RewardTrainingRun(config: whole).run()) {
            XCTAssertEqual($0 as? RunDirectoryError, .alreadyExists(path: whole.out))
        }
    }

    func testEnsembleTrainsMembersThatDifferAndScoresThem() throws {
        let tiny = try Self.world.get()
        var config = tiny.config(data: try tiny.preferences("ideal", items: 48), out: "ensemble")
        config.ensemble = 2
        config.epochs = 1
        config.bootstrap = true
        let summary = try RewardTrainingRun(config: config).run()
        XCTAssertEqual(summary.members.map(\.seed), [0, 1])
        let ensemble = try XCTUnwrap(try RewardModels.load(URL(fileURLWithPath: config.out)) as? RewardEnsemble)
        XCTAssertEqual(ensemble.memberCount, 2)
        let scores = try ensemble.memberRewards(prompts: ["What is 2 plus 3?", "What is 2 plus 3?"], completions: ["5", "I cannot help."])
        XCTAssertNotEqual(scores[0][0], scores[0][1])
        let score = EnsembleScore(members: scores[0])
        XCTAssertEqual(score.mean, (scores[0][0] + scores[0][1]) / 2, accuracy: 1e-6)
        XCTAssertEqual(score.std, abs(scores[0][0] - scores[0][1]) / 2, accuracy: 1e-5)
        // Each member is normalized on the training completions: mean 0, std 1 there.
        for member in ensemble.members {
            XCTAssertEqual(member.settings.normalization.reference, "training completions")
            XCTAssertGreaterThan(member.settings.normalization.samples, 40)
        }
        // Resuming a finished ensemble retrains nothing and gives the same summary.
        XCTAssertEqual(try RewardTrainingRun(resuming: URL(fileURLWithPath: config.out)).run().members, summary.members)
    }

    /// The normalization subset follows `normalization_seed` (default: the run's seed), so members
    /// trained in separate runs with different seeds can share one reference subset.
    func testNormalizationSubsetFollowsItsSeed() throws {
        let tiny = try Self.world.get()
        let data = try tiny.preferences("ideal", items: 48)
        func normalization(_ name: String, _ normalizationSeed: UInt64?) throws -> RewardNormalization {
            var config = tiny.config(data: data, out: "normalization-\(name)")
            config.epochs = 1
            config.normalizationSamples = 12
            config.normalizationSeed = normalizationSeed
            let summary = try RewardTrainingRun(config: config).run()
            return try XCTUnwrap(summary.members.first?.normalization)
        }
        let byRunSeed = try normalization("default", nil)
        let sameSeed = try normalization("explicit", 0)
        let otherSubset = try normalization("other", 7)
        XCTAssertEqual(byRunSeed, sameSeed, "nil means the run's seed (0)")
        XCTAssertEqual(byRunSeed.samples, 12)
        XCTAssertNotEqual(byRunSeed.mean, otherSubset.mean, "another seed picks another subset of the same model's scores")
    }

    func testDataErrorsNameFileAndLine() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("prefs.jsonl")
        try Data(#"""
        {"prompt":"a","chosen":"x","rejected":"y","margin":1.5}
        {"prompt":"b","chosen":"x","rejected":"y"}
        """#.utf8).write(to: url)
        XCTAssertThrowsError(try RewardComparisons.load(url: url, loss: .margin, heldOutFraction: 0)) {
            XCTAssertEqual($0 as? RewardError, .missingMargin(path: url.path, line: 2))
        }
        let bt = try RewardComparisons.load(url: url, loss: .bt, heldOutFraction: 0)
        XCTAssertEqual(bt.training.map(\.margin), [1.5, 0])
        try Data(#"{"prompt":"a","chosen":"x","rejected":"y","margin":"big"}"#.utf8).write(to: url)
        XCTAssertThrowsError(try RewardComparisons.load(url: url, loss: .bt, heldOutFraction: 0)) {
            XCTAssertEqual($0 as? RewardError, .badMargin(path: url.path, line: 1))
        }
        try Data(#"{"prompt":"a","completion":"x","label":true}"#.utf8).write(to: url)
        XCTAssertThrowsError(try RewardComparisons.load(url: url, loss: .bt, heldOutFraction: 0)) {
            guard case .noComparisons? = $0 as? RewardError else { return XCTFail("\($0)") }
        }
        // A ranking of 3: three ordered pairs for Bradley–Terry, one ranking for Plackett–Luce.
        try Data(#"{"prompt":"a","completions":["x","y","z"],"ranking":[2,0,1]}"#.utf8).write(to: url)
        XCTAssertEqual(try RewardComparisons.load(url: url, loss: .bt, heldOutFraction: 0).training.map(\.completions),
                       [["z", "x"], ["z", "y"], ["x", "y"]])
        XCTAssertEqual(try RewardComparisons.load(url: url, loss: .pl, heldOutFraction: 0).training.map(\.completions), [["z", "x", "y"]])
        try Data("{\"prompt\":\"a\",\"completion\":\"x\"}\n{\"prompt\":1}\n".utf8).write(to: url)
        XCTAssertThrowsError(try ScoringInput.read(url: url)) { XCTAssertTrue("\($0)".contains(":2"), "\($0)") }
        var config = RewardTrainConfig()
        config.template = "{prompt}"
        XCTAssertThrowsError(try config.validate()) { XCTAssertEqual($0 as? RewardError, .badTemplate(template: "{prompt}")) }
        config.template = RewardInputFormat.worldTemplate
        config.ensemble = 0
        XCTAssertThrowsError(try config.validate()) { guard case .invalidSetting? = $0 as? RewardError else { return XCTFail() } }
    }

    func testDataOrderIsSeededAndCoversEveryEpoch() {
        let order = RewardDataOrder(count: 10, batchSize: 4, epochs: 2, seed: 3, bootstrap: false)
        XCTAssertEqual(order.steps, 5)
        let stream = (0..<order.steps).flatMap { order.batch(step: $0) }
        XCTAssertEqual(stream.count, 20)
        XCTAssertEqual(stream.prefix(10).sorted(), Array(0..<10))
        XCTAssertEqual(stream.suffix(10).sorted(), Array(0..<10))
        XCTAssertNotEqual(Array(stream.prefix(10)), Array(stream.suffix(10)))
        XCTAssertEqual(RewardDataOrder(count: 10, batchSize: 4, epochs: 2, seed: 3, bootstrap: false).batch(step: 3), order.batch(step: 3))
        XCTAssertNotEqual(RewardDataOrder(count: 10, batchSize: 4, epochs: 2, seed: 4, bootstrap: false).batch(step: 0), order.batch(step: 0))
        let bootstrap = RewardDataOrder(count: 50, batchSize: 4, epochs: 1, seed: 3, bootstrap: true)
        XCTAssertLessThan(Set(bootstrap.indices).count, 50)
    }

    func testLengthGroupedOrderSortsEachMegaBatchAndStillCoversEveryEpoch() {
        var generator = Xoshiro256StarStar(seed: 11)
        let count = 1000, batchSize = 4
        let lengths = (0..<count).map { _ in 5 + Int(generator.next() % 60) }
        let grouped = RewardDataOrder(count: count, batchSize: batchSize, epochs: 2, seed: 3, bootstrap: false, lengths: lengths)
        let plain = RewardDataOrder(count: count, batchSize: batchSize, epochs: 2, seed: 3, bootstrap: false)
        let stream = (0..<grouped.steps).flatMap { grouped.batch(step: $0) }
        XCTAssertEqual(stream.prefix(count).sorted(), Array(0..<count))
        XCTAssertEqual(stream.suffix(count).sorted(), Array(0..<count))
        // A mega-batch is the plain order's same 200 comparisons, longest first.
        let megaBatch = RewardDataOrder.megaBatchFactor * batchSize
        let plainStream = (0..<plain.steps).flatMap { plain.batch(step: $0) }
        for first in stride(from: 0, to: 2 * count, by: megaBatch) {
            let slice = Array(stream[first..<(first + megaBatch)])
            XCTAssertEqual(Set(slice), Set(plainStream[first..<(first + megaBatch)]))
            XCTAssertEqual(slice.map { lengths[$0] }, slice.map { lengths[$0] }.sorted(by: >))
        }
        // The point of it: far fewer padded positions than batches of the plain order.
        func padded(_ order: RewardDataOrder) -> Int {
            (0..<order.steps).reduce(0) { sum, step in
                let batch = order.batch(step: step)
                return sum + batch.count * batch.map { lengths[$0] }.max()!
            }
        }
        XCTAssertLessThan(Double(padded(grouped)), 0.8 * Double(padded(plain)))
        XCTAssertEqual(grouped.batch(step: 77), RewardDataOrder(count: count, batchSize: batchSize, epochs: 2, seed: 3, bootstrap: false,
                                                                lengths: lengths).batch(step: 77))
    }

    func testConfigsWrittenBeforeLengthGroupingResumeInPlainOrder() throws {
        var config = RewardTrainConfig()
        XCTAssertTrue(config.groupByLength)
        config.groupByLength = true
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as! [String: Any]
        XCTAssertEqual(object["group_by_length"] as? Bool, true)
        XCTAssertEqual(try JSONDecoder().decode(RewardTrainConfig.self, from: JSONEncoder().encode(config)), config)
        object["group_by_length"] = nil
        let old = try JSONDecoder().decode(RewardTrainConfig.self, from: JSONSerialization.data(withJSONObject: object))
        XCTAssertFalse(old.groupByLength)
    }
}
