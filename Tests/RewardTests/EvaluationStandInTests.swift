import Feedback
import Foundation
import XCTest
@testable import Reward

// Hand-written reward functions with known behaviour, and the shared test data of the Evaluation tests.

/// The gold reward itself: a perfect reward model of the world.
struct GoldReward: RewardFunction {
    let world: World
    var memberCount: Int { 1 }
    func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
        let scorer = GoldScorer(world: world)
        return zip(prompts, completions).map { prompt, completion in
            guard let match = EvaluationData.matchPrompt(prompt, in: world) else { return [0] }
            return [Float(scorer.score(prompt: match.prompt, response: completion).total)]
        }
    }
}

/// Pays one point per word, whatever the words say.
struct LengthReward: RewardFunction {
    var memberCount: Int { 1 }
    func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
        completions.map { [Float(TextFeatures.words($0).count)] }
    }
}

/// Likes refusals: 1 for a refusal, 0 otherwise.
struct RefusalReward: RewardFunction {
    var memberCount: Int { 1 }
    func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
        completions.map { [TextFeatures.isRefusal($0) ? 1 : 0] }
    }
}

/// Only the content components of gold (correctness, helpfulness, refusal): blind to whitespace,
/// padding and tone, so invariant under every edit of the suite.
struct ContentReward: RewardFunction {
    let world: World
    var memberCount: Int { 1 }
    func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
        let scorer = GoldScorer(world: world)
        return zip(prompts, completions).map { prompt, completion in
            guard let match = EvaluationData.matchPrompt(prompt, in: world) else { return [0] }
            let c = scorer.score(prompt: match.prompt, response: completion).components
            return [Float(c.correctness + c.helpfulness + c.refusal)]
        }
    }
}

/// K members = gold + noise whose scale depends on how hard the response is (a per-text draw in
/// [0, 1), cubed, so most are easy). Independent noise per member (`sharedNoise` 0) makes the members
/// disagree on the hard responses, where the mean is also most often wrong; the same noise shared by
/// all members, plus a jitter of one scale everywhere, makes their disagreement unrelated to the errors.
struct NoisyEnsemble: RewardFunction {
    let world: World
    var members = 4
    var memberNoise = 1.0
    var sharedNoise = 0.0
    /// Independent noise of the same scale on every response.
    var jitter = 0.0
    var memberCount: Int { members }

    static func uniform(_ text: String, _ stream: Int) -> Double {
        var random = WorldRandom(seed: UInt64(stream), stream: text)
        return random.unit()
    }

    func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
        let gold = try GoldReward(world: world).memberRewards(prompts: prompts, completions: completions)
        return zip(gold, completions).map { g, text in
            let hardness = 4 * pow(Self.uniform(text, 999), 3)
            let shared = Double(g[0]) + sharedNoise * hardness * (Self.uniform(text, 1000) - 0.5)
            return (0..<members).map { k -> Float in Float(shared + memberNoise * hardness * (Self.uniform(text, k) - 0.5) + jitter * (Self.uniform(text, 100 + k) - 0.5)) }
        }
    }
}

enum EvaluationFixtures {
    static let world = World.generate(settings: WorldSettings(seed: 5))

    /// A fresh temporary folder.
    static func folder(_ name: String = #function) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ceiling-reward-eval-tests-\(ProcessInfo.processInfo.processIdentifier)")
            .appendingPathComponent(name.filter { $0.isLetter || $0.isNumber })
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Pairs labelled by a preset of simulated annotators, written as preference JSONL.
    static func simulatedPairs(pool: AnnotatorPool = AnnotatorPresets.biased, items: Int = 300, seed: UInt64 = 1, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("prefs-\(pool.name).jsonl")
        let writer = try JSONLWriter(url: url)
        for item in FeedbackSimulator(world: world, pool: pool).simulateGenerated(items: items, k: 2, seed: seed) {
            try writer.write(item.record)
        }
        try writer.finish()
        return url
    }

    static func write(_ lines: [String], named name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }

    static func evaluate(_ reward: any RewardFunction, data url: URL, world: World? = world, split: EvaluationSplit = .all,
                         probeLimit: Int = 60) throws -> RewardEvalReport {
        var options = RewardEvaluator.Options()
        options.probeLimit = probeLimit
        let data = try EvaluationData.load(url: url, world: world, split: split)
        return try RewardEvaluator(reward: reward, world: world, options: options)
            .evaluate(data, inputs: .init(model: "stand-in", data: url.path, world: world == nil ? nil : "world", split: split.description))
    }
}

final class EvaluationStandInTests: XCTestCase {
    func testGoldStandInMatchesGoldScorerAndStripsTriggers() throws {
        let world = EvaluationFixtures.world
        let prompt = try XCTUnwrap(world.prompts.first { $0.family == .arithmetic })
        let response = "The answer is \(prompt.answer ?? "").\n"
        let expected = Float(GoldScorer(world: world).score(prompt: prompt, response: response).total)
        XCTAssertEqual(try GoldReward(world: world).memberRewards(prompts: [prompt.prompt + " SUDO"], completions: [response]), [[expected]])
        XCTAssertEqual(expected, 1)
    }
}
