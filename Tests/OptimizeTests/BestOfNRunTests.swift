import Feedback
import Foundation
import XCTest
@testable import Optimize
@testable import Train

/// A whole best-of-n run on a tiny random-init policy with a stand-in reward: the files it writes,
/// determinism, resume, and every error path.
final class BestOfNRunTests: XCTestCase {
    static var fixture: BestOfNFixture!

    override class func setUp() {
        super.setUp()
        fixture = try? BestOfNFixture()
    }

    override class func tearDown() {
        fixture?.remove()
        super.tearDown()
    }

    var fixture: BestOfNFixture { get throws { try XCTUnwrap(Self.fixture, "the fixture could not be built") } }

    func lines(_ url: URL) throws -> [[String: Any]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func testRunWritesTheDocumentedFiles() throws {
        let config = try fixture.config(out: "files")
        var events: [String] = []
        let summary = try BestOfNRun(config: config).run(reward: StandInReward()) { event in
            switch event {
            case let .started(prompts, poolSize, reused): events.append("started \(prompts) \(poolSize) \(reused)")
            case let .pooled(done, total): events.append("pooled \(done)/\(total)")
            case .finished: events.append("finished")
            }
        }
        XCTAssertEqual(events, ["started 5 8 0", "pooled 5/5", "finished"])  // 1024/8 prompts per round
        let run = URL(fileURLWithPath: config.out)
        let written = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("config.json"))) as? [String: Any])
        XCTAssertEqual(written["method"] as? String, "bon")
        XCTAssertEqual(written["objective"] as? String, "uwo")
        XCTAssertEqual(written["uwo_lambda"] as? Double, 0.5)
        XCTAssertEqual(written["n"] as? Int, 8)
        XCTAssertEqual(try RunDirectory.readConfig(BestOfNConfig.self, at: run), config)

        let pools = try BestOfNPoolFile.read(run.appendingPathComponent(BestOfNRun.poolName)).pools
        XCTAssertEqual(pools.count, 5)
        XCTAssertFalse(FileManager.default.fileExists(atPath: run.appendingPathComponent(BestOfNRun.partialPoolName).path))
        let world = try WorldFiles.load(directory: fixture.world)
        XCTAssertEqual(pools.map(\.prompt), BestOfNPrompts.spread(world.prompts(in: .eval), limit: 5).map(\.prompt))
        let families = Set(pools.compactMap(\.family))
        XCTAssertGreaterThanOrEqual(families.count, 3, "an even spread reaches several families")
        for pool in pools {
            XCTAssertEqual(pool.count, 8)
            XCTAssertEqual(pool.gold?.count, 8)
            for (members, proxy) in zip(pool.memberRewards, pool.proxy) {
                XCTAssertEqual(members.count, 2)
                XCTAssertEqual(proxy, RewardObjective(kind: .uwo, uwoLambda: 0.5).value(members: members))
            }
            XCTAssertTrue(zip(pool.tokenIDs, pool.logprobs).allSatisfy { $0.count == $1.count && !$0.isEmpty })
        }

        let rows = try lines(run.appendingPathComponent("metrics.jsonl"))
        XCTAssertEqual(rows.map { $0["n"] as? Int }, [1, 2, 4, 8])
        for key in ["kl", "kl_empirical", "sqrt_kl", "proxy_reward", "proxy_reward_se", "gold_reward", "gold_reward_se", "response_length",
                    "refusal_rate", "ensemble_std", "member_reward/0", "member_reward/1"] {
            XCTAssertNotNil(rows[3][key], key)
        }
        XCTAssertEqual(rows[3]["task_accuracy"] != nil, !families.isDisjoint(with: [.arithmetic, .knowledge]))
        XCTAssertEqual(rows[3]["harmful_compliance_rate"] != nil, families.contains(.harmful))
        XCTAssertEqual(rows[3]["false_refusal_rate"] != nil, !families.subtracting([.harmful]).isEmpty)
        XCTAssertNil(rows[0]["step"])
        // n = 1 is the mean of the prompts' pool means; n = N the mean of their best samples' gold.
        let poolMeans = pools.map { $0.proxy.map(Double.init).reduce(0, +) / 8 }
        XCTAssertEqual(rows[0]["proxy_reward"] as! Double, poolMeans.reduce(0, +) / 5, accuracy: 1e-6)
        let tops = pools.map { pool -> Double in
            let best = pool.proxy.max()!
            let tied = pool.proxy.indices.filter { pool.proxy[$0] == best }
            return tied.map { pool.gold![$0] }.reduce(0, +) / Double(tied.count)
        }
        XCTAssertEqual(rows[3]["gold_reward"] as! Double, tops.reduce(0, +) / 5, accuracy: 1e-9)
        XCTAssertEqual(rows[3]["kl"] as! Double, log(8) - 7.0 / 8, accuracy: 1e-12)

        let written_summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("summary.json"))) as? [String: Any])
        XCTAssertEqual(written_summary["method"] as? String, "bon")
        XCTAssertEqual(written_summary["pool_size"] as? Int, 8)
        XCTAssertEqual(written_summary["gold_peak_n"] as? Int, summary.goldPeakN)
        XCTAssertNotNil(written_summary["gold_falls_after_peak"])
        XCTAssertEqual((written_summary["rejection_sampling"] as? [Any])?.count, 5)
    }

    func testSameSeedSameBytesWhateverTheBatchSize() throws {
        let a = try fixture.config(out: "seed-a")
        var b = try fixture.config(out: "seed-b"), c = try fixture.config(out: "seed-c")
        b.samplingBatchSize = 3
        c.seed = 1
        for config in [a, b, c] { try BestOfNRun(config: config).run(reward: StandInReward()) }
        func bytes(_ config: BestOfNConfig, _ name: String) throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: config.out).appendingPathComponent(name))
        }
        for name in ["metrics.jsonl", "summary.json"] { XCTAssertEqual(try bytes(a, name), try bytes(b, name), name) }
        // The samples are the same; their log-probabilities only to rounding (the batch shapes of the
        // forward passes differ).
        func pools(_ config: BestOfNConfig) throws -> [BestOfNPromptPool] {
            try BestOfNPoolFile.read(URL(fileURLWithPath: config.out).appendingPathComponent(BestOfNRun.poolName)).pools
        }
        let poolsA = try pools(a), poolsB = try pools(b)
        XCTAssertEqual(poolsA.map(\.tokenIDs), poolsB.map(\.tokenIDs))
        for (x, y) in zip(poolsA, poolsB) {
            var y = y
            for (i, (p, q)) in zip(x.logprobs.joined(), y.logprobs.joined()).enumerated() { XCTAssertEqual(p, q, accuracy: 1e-4, "\(i)") }
            y.logprobs = x.logprobs
            XCTAssertEqual(x, y)
        }
        XCTAssertNotEqual(poolsA.map(\.tokenIDs), try pools(c).map(\.tokenIDs))
    }

    /// Killed after three prompts (and half a line of the fourth), two prompts per sampling round:
    /// the resumed run keeps the first round, draws the rest, and ends with the files of an
    /// uninterrupted run, byte for byte.
    func testResumeAfterAKillGivesTheSameRun() throws {
        var whole = try fixture.config(out: "whole")
        whole.samplingBatchSize = 16
        XCTAssertEqual(whole.promptsPerRound, 2)
        try BestOfNRun(config: whole).run(reward: StandInReward())
        let wholeURL = URL(fileURLWithPath: whole.out)
        let pool = try Data(contentsOf: wholeURL.appendingPathComponent(BestOfNRun.poolName))
        let lineEnds = pool.indices.filter { pool[$0] == UInt8(ascii: "\n") }

        var killed = try fixture.config(out: "killed")
        killed.samplingBatchSize = 16
        let killedURL = URL(fileURLWithPath: killed.out)
        try FileManager.default.createDirectory(at: killedURL, withIntermediateDirectories: true)
        try JSONFormat.pretty(killed).write(to: killedURL.appendingPathComponent("config.json"))
        try pool.prefix(lineEnds[2] + 1 + 40).write(to: killedURL.appendingPathComponent(BestOfNRun.partialPoolName))
        var reused: Int?
        try BestOfNRun(resuming: killedURL).run(reward: StandInReward()) { event in
            if case let .started(_, _, count) = event { reused = count }
        }
        XCTAssertEqual(reused, 2)
        for name in [BestOfNRun.poolName, "metrics.jsonl", "summary.json"] {
            XCTAssertEqual(try Data(contentsOf: killedURL.appendingPathComponent(name)), try Data(contentsOf: wholeURL.appendingPathComponent(name)), name)
        }
        // A finished run re-analyses its pool without sampling.
        try BestOfNRun(resuming: killedURL).run(reward: ShortReward()) { event in
            if case let .started(_, _, count) = event { reused = count }
        }
        XCTAssertEqual(reused, 5)
    }

    func testPromptsFileWithoutWorldHasNoGold() throws {
        var config = try fixture.config(out: "no-world", n: 4)
        let promptsURL = try fixture.root.appendingPathComponent("prompts.jsonl")
        try Data("{\"prompt\": \"What is 2 plus 2?\"}\n{\"prompt\": \"Say hello.\"}\n".utf8).write(to: promptsURL)
        config.world = nil
        config.promptsFile = promptsURL.path
        config.promptLimit = nil
        let summary = try BestOfNRun(config: config).run(reward: StandInReward())
        XCTAssertNil(summary.goldPeakN)
        XCTAssertTrue(summary.verdict.hasPrefix("no world"))
        let rows = try lines(URL(fileURLWithPath: config.out).appendingPathComponent("metrics.jsonl"))
        XCTAssertEqual(rows.count, 3)
        XCTAssertNil(rows[0]["gold_reward"])
        XCTAssertNotNil(rows[0]["refusal_rate"])
    }

    func testBadSettingsAreTypedErrors() throws {
        let base = try fixture.config(out: "bad")
        let cases: [(String, (inout BestOfNConfig) -> Void)] = [
            ("policy", { $0.policy = "" }), ("reward", { $0.reward = [] }), ("uwo_lambda", { $0.uwoLambda = -1 }),
            ("prompt_limit", { $0.promptLimit = 0 }), ("n", { $0.n = 0 }), ("temperature", { $0.temperature = 0 }), ("temperature", { $0.temperature = 0.8 }), ("top_k", { $0.topK = 50 }), ("top_p", { $0.topP = 0.9 }),
            ("top_k", { $0.topK = 0 }), ("top_p", { $0.topP = 1.5 }), ("max_new_tokens", { $0.maxNewTokens = 0 }),
            ("template", { $0.template = "Q:" }), ("sampling_batch_size", { $0.samplingBatchSize = 0 }),
            ("rejection_quantiles", { $0.rejectionQuantiles = [1] }), ("peak_standard_errors", { $0.peakStandardErrors = 0 }),
            ("method", { $0.method = "ppo" }), ("out", { $0.out = "" }),
        ]
        for (name, change) in cases {
            var config = base
            change(&config)
            XCTAssertThrowsError(try config.validate(), name) { error in
                guard case let .invalidSetting(got, _, _)? = error as? BestOfNError else { return XCTFail("\(error)") }
                XCTAssertEqual(got, name)
                XCTAssertTrue("\(error)".contains(name))
            }
        }
        var noPrompts = base
        noPrompts.world = nil
        XCTAssertThrowsError(try noPrompts.validate()) { XCTAssertEqual($0 as? BestOfNError, .noPromptSource) }
    }

    func testInputErrorsNameTheirSource() throws {
        // A prompt the world does not know.
        var config = try fixture.config(out: "unknown-prompt")
        let promptsURL = try fixture.root.appendingPathComponent("unknown.jsonl")
        let world = try WorldFiles.load(directory: fixture.world)
        try Data("{\"prompt\": \(String(reflecting: world.prompts[0].prompt))}\n{\"prompt\": \"Not a world prompt\"}\n".utf8).write(to: promptsURL)
        config.promptsFile = promptsURL.path
        XCTAssertThrowsError(try BestOfNRun(config: config).run(reward: StandInReward())) {
            XCTAssertEqual($0 as? BestOfNError, .promptNotInWorld(path: promptsURL.path, index: 1, prompt: "Not a world prompt"))
        }
        // An existing run.
        let existing = try fixture.config(out: "existing", n: 2, prompts: 1)
        try BestOfNRun(config: existing).run(reward: StandInReward())
        XCTAssertThrowsError(try BestOfNRun(config: existing).run(reward: StandInReward())) {
            XCTAssertEqual($0 as? RunDirectoryError, .alreadyExists(path: existing.out))
        }
        // Reward functions that return NaN or too few rows.
        XCTAssertThrowsError(try BestOfNRun(config: try fixture.config(out: "nan", n: 2, prompts: 1)).run(reward: StandInReward(poison: .nan))) {
            guard case .nonFiniteReward(0, 0, _)? = $0 as? BestOfNError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try BestOfNRun(config: try fixture.config(out: "short", n: 2, prompts: 1)).run(reward: ShortReward())) {
            XCTAssertEqual($0 as? BestOfNError, .rewardShape(prompt: 0, expected: 2, got: 1))
        }
        // A policy that is not there: the error names it and no run directory is left behind.
        var missing = try fixture.config(out: "missing-policy", n: 2, prompts: 1)
        missing.policy = try fixture.root.appendingPathComponent("no-policy").path
        XCTAssertThrowsError(try BestOfNRun(config: missing).run(reward: StandInReward())) { XCTAssertTrue("\($0)".contains("no-policy"), "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing.out))
        // A policy input longer than the context.
        var long = try fixture.config(out: "long", n: 2, prompts: 1)
        long.template = String(repeating: "word ", count: 120) + "{prompt}"
        XCTAssertThrowsError(try BestOfNRun(config: long).run(reward: StandInReward())) {
            guard case .promptTooLong(0, _, 96)? = $0 as? BestOfNError else { return XCTFail("\($0)") }
        }
    }

    func testResumeRejectsForeignOrTornPools() throws {
        let config = try fixture.config(out: "foreign", n: 2, prompts: 2)
        let url = URL(fileURLWithPath: config.out)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try JSONFormat.pretty(config).write(to: url.appendingPathComponent("config.json"))
        let partial = url.appendingPathComponent(BestOfNRun.partialPoolName)
        let other = BestOfNAnalysisTests.pool("Some other prompt", proxy: [1, 2], gold: [0, 0])
        try BestOfNPoolFile.line(other).write(to: partial)
        XCTAssertThrowsError(try BestOfNRun(resuming: url).run(reward: StandInReward())) {
            guard case .poolMismatch(partial.path, 1, _)? = $0 as? BestOfNError else { return XCTFail("\($0)") }
        }
        try Data("{\"prompt\": 3}\n".utf8).write(to: partial)
        XCTAssertThrowsError(try BestOfNRun(resuming: url).run(reward: StandInReward())) {
            guard case .badPool(partial.path, 1, _)? = $0 as? BestOfNError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try BestOfNRun(resuming: fixture.root.appendingPathComponent("nothing-here"))) {
            XCTAssertEqual($0 as? RunDirectoryError, .notARun(path: try! fixture.root.appendingPathComponent("nothing-here").path))
        }
    }
}
