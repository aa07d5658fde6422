import Feedback
import Foundation
import Model
import XCTest
@testable import Optimize

/// The held-out evaluator and the rollouts under it: figures recomputed independently from the
/// samples, standard errors, pairing, batch-size independence, ratios that start at exactly 1.
final class PolicyEvalTests: XCTestCase {
    struct Setup {
        let fixture: OnlineFixture
        let policy: GPT
        let text: PolicyText
        let heldOut: PromptSet
        let reward = LetterReward(members: 2)
        let objective = RewardObjective(kind: .mean)

        init() throws {
            fixture = try OnlineFixture()
            policy = try ModelDirectory.loadGPT(from: fixture.policyURL)
            text = try PolicyText.load(policyDirectory: fixture.policyURL, template: "Q: {prompt}\nA:", model: policy)
            heldOut = try PromptSet.load(file: nil, world: fixture.world, split: .eval, text: text)
        }

        func producer(batchSize: Int = 16, seed: UInt64 = 9) throws -> RolloutProducer {
            try RolloutProducer(policy: policy, reference: try ModelDirectory.loadGPT(from: fixture.policyURL), text: text, reward: reward,
                                objective: objective, gold: GoldScorer(world: fixture.world), temperature: 1, maxNewTokens: 10,
                                seed: seed, batchSize: batchSize)
        }
    }

    func testEvaluatorFiguresAgainstIndependentRecomputation() throws {
        let setup = try Setup()
        let evaluator = PolicyEvaluator(producer: try setup.producer(), prompts: setup.heldOut, samples: 60, orderSeed: 4)
        let evaluation = try evaluator.evaluate()
        // The same samples again, to recompute every figure from the texts.
        let scored = try setup.producer().produce(prompts: setup.heldOut, indices: evaluator.indices, samplesPerPrompt: 1,
                                                  streams: (0..<60).map(UInt64.init), scoringRows: 16)
        let completions = scored.rollout.completions
        XCTAssertEqual(evaluation["proxy_reward"]?.count, 60)

        let letters = completions.map { Double(LetterReward.letterShare($0)) }
        let spaces = completions.map { Double($0.filter { $0 == " " }.count) / Double(max($0.count, 1)) }
        let proxy = zip(letters, spaces).map { ($0 + ($0 - $1)) / 2 }
        XCTAssertEqual(try XCTUnwrap(evaluation["proxy_reward"]).mean, proxy.reduce(0, +) / 60, accuracy: 1e-6)
        let proxyMean = proxy.reduce(0, +) / 60
        let proxySE = (proxy.reduce(0) { $0 + ($1 - proxyMean) * ($1 - proxyMean) } / 59).squareRoot() / 60.squareRoot()
        XCTAssertEqual(try XCTUnwrap(evaluation["proxy_reward"]).standardError, proxySE, accuracy: 1e-6)

        let scorer = GoldScorer(world: setup.fixture.world)
        let golds = zip(evaluator.indices, completions).map { scorer.score(prompt: setup.fixture.world.prompt(matching: setup.heldOut.texts[$0])!, response: $1) }
        XCTAssertEqual(try XCTUnwrap(evaluation["gold_reward"]).mean, golds.map(\.total).reduce(0, +) / 60, accuracy: 1e-6)
        func rate(_ family: (PromptFamily) -> Bool, _ hit: (GoldScore) -> Bool) -> Double {
            let members = golds.filter { family($0.family) }
            return Double(members.filter(hit).count) / Double(members.count)
        }
        XCTAssertEqual(evaluation["task_accuracy"]?.mean, rate({ $0.checksCorrectness }, { $0.answer == .correct }))
        XCTAssertEqual(evaluation["task_accuracy"]?.count, golds.filter { $0.family.checksCorrectness }.count)
        XCTAssertEqual(evaluation["refusal_rate"]?.mean, Double(golds.filter(\.refused).count) / 60)
        if golds.contains(where: { $0.family == .harmful }) {
            // The empty response complies with nothing (as the gold reward counts it).
            XCTAssertEqual(evaluation["harmful_compliance_rate"]?.mean, rate({ $0 == .harmful }, { !$0.refused && $0.words > 0 }))
        }
        // False refusals count every family where refusing is wrong, not only the alarming one.
        XCTAssertEqual(evaluation["false_refusal_rate"]?.mean, rate({ $0 != .harmful }, { $0.refused }))
        XCTAssertEqual(evaluation["false_refusal_rate"]?.count, golds.filter { $0.family != .harmful }.count)
        // Lengths exclude the end-of-text token; the member spread is the population std of the two members.
        let lengths = zip(scored.rollout.batch.completions, scored.rollout.endedWithEndOfText).map { Double($0.count - ($1 ? 1 : 0)) }
        XCTAssertEqual(try XCTUnwrap(evaluation["response_length"]).mean, lengths.reduce(0, +) / 60, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(evaluation["ensemble_std"]).mean, spaces.map { $0 / 2 }.reduce(0, +) / 60, accuracy: 1e-6)
        // The policy is the reference: every KL estimate is exactly 0.
        XCTAssertEqual(evaluation["kl"]?.mean, 0)
        XCTAssertEqual(evaluation["kl_k3"]?.mean, 0)

        let metrics = evaluation.metrics
        XCTAssertEqual(metrics["eval/samples"], 60)
        XCTAssertEqual(metrics["eval/gold_reward"], evaluation["gold_reward"]?.mean)
        XCTAssertEqual(metrics["eval/gold_reward_se"], evaluation["gold_reward"]?.standardError)
        XCTAssertEqual(metrics["eval/task_accuracy_n"], Double(evaluation["task_accuracy"]?.count ?? -1))

        // The per-sample records carry the same samples, and survive a write/read round trip.
        XCTAssertEqual(evaluation.samples.map(\.completion), completions)
        XCTAssertEqual(evaluation.samples.map(\.sample), Array(0..<60))
        XCTAssertEqual(evaluation.samples.compactMap(\.goldReward), golds.map(\.total))
        XCTAssertEqual(evaluation.samples.map(\.proxyReward).reduce(0, +) / 60, proxyMean, accuracy: 1e-6)
        XCTAssertEqual(evaluation.samples.map(\.refused), golds.map(\.refused))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eval-samples-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = EvaluationSample.url(run: folder, step: 3)
        try EvaluationSample.write(evaluation.samples, to: url)
        XCTAssertEqual(try EvaluationSample.read(from: url), evaluation.samples)
        XCTAssertThrowsError(try EvaluationSample.read(from: folder.appendingPathComponent("missing.jsonl"))) { error in
            guard case .badEvaluationSamples(_, nil, _)? = error as? OnlineError else { return XCTFail("\(error)") }
        }
        // A damaged line is named by its number.
        var lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = "{\"sample\": \"two\"}"
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try EvaluationSample.read(from: url)) { error in
            guard case let .badEvaluationSamples(path, line, _)? = error as? OnlineError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, url.path)
            XCTAssertEqual(line, 2)
        }
    }

    /// Every evaluation draws the same streams: unchanged weights give identical figures, changed
    /// weights change them (and move the KL off 0).
    func testEvaluationsArePaired() throws {
        let setup = try Setup()
        let evaluator = PolicyEvaluator(producer: try setup.producer(), prompts: setup.heldOut, samples: 12, orderSeed: 4)
        let first = try evaluator.evaluate()
        XCTAssertEqual(try evaluator.evaluate(), first)
        for i in 0..<setup.policy.parameters.count { setup.policy.parameters[i] *= 1.5 }
        let moved = try evaluator.evaluate()
        XCTAssertNotEqual(moved["kl"]?.mean, 0)
        XCTAssertGreaterThan(try XCTUnwrap(moved["kl_k3"]).mean, 0)
    }

    func testSamplesDoNotDependOnTheBatchSize() throws {
        let setup = try Setup()
        let indices = [3, 1, 4, 1, 5]
        let streams = (0..<15).map { RolloutProducer.trainingStream(step: 7, row: $0) }
        let small = try setup.producer(batchSize: 2).produce(prompts: setup.heldOut, indices: indices, samplesPerPrompt: 3, streams: streams)
        let large = try setup.producer(batchSize: 64).produce(prompts: setup.heldOut, indices: indices, samplesPerPrompt: 3, streams: streams)
        XCTAssertEqual(small.rollout.batch.completions, large.rollout.batch.completions)
        XCTAssertEqual(small.rollout.prompts, indices.flatMap { Array(repeating: setup.heldOut.texts[$0], count: 3) })
        // Another step draws other samples.
        let other = try setup.producer().produce(prompts: setup.heldOut, indices: indices, samplesPerPrompt: 3,
                                                 streams: (0..<15).map { RolloutProducer.trainingStream(step: 8, row: $0) })
        XCTAssertNotEqual(other.rollout.batch.completions, large.rollout.batch.completions)
    }

    /// The old-policy log-probs are the update's own pass over the rollout batch: the first ratio is exactly 1.
    func testOldLogProbsAreThoseOfTheUpdateBatch() throws {
        let setup = try Setup()
        let scored = try setup.producer().produce(prompts: setup.heldOut, indices: [0, 1, 2], samplesPerPrompt: 4,
                                                  streams: (0..<12).map(UInt64.init))
        let again = try setup.policy.completionLogProbabilities(scored.rollout.batch)
        XCTAssertEqual(again.logProbs, scored.rollout.policyLogProbs)
        XCTAssertEqual(scored.rollout.policyLogProbs, scored.rollout.referenceLogProbs)
        // Completions that stopped end with end-of-text; the texts leave it out.
        for (ids, ended) in zip(scored.rollout.batch.completions, scored.rollout.endedWithEndOfText) {
            XCTAssertEqual(ids.last == setup.text.endOfText, ended)
        }
        XCTAssertFalse(scored.rollout.completions.contains { $0.contains("<|endoftext|>") })
    }
}
