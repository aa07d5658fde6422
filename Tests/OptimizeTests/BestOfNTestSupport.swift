import Feedback
import Foundation
import Model
import Reward
import Tensor
import Tokenizer
@testable import Optimize

/// A small world on disk and a tiny random-init GPT policy (with the world's tokenizer) saved as a
/// model directory, in a temporary folder; plus a deterministic stand-in reward function.
struct BestOfNFixture {
    let root: URL
    let world: URL
    let policy: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-bon-\(UUID().uuidString)")
        world = root.appendingPathComponent("world")
        policy = root.appendingPathComponent("policy")
        var settings = WorldSettings(seed: 3)
        settings.corpusDocuments = 200
        settings.vocabularySize = 300
        try WorldGeneration.generate(settings: settings, to: world)
        let tokenizerURL = world.appendingPathComponent(WorldFiles.tokenizerName)
        let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: tokenizerURL)
        let model = try GPT(config: GPTConfig(vocabularySize: tokenizer.vocabSize, contextLength: 96, layerCount: 1, headCount: 2,
                                              embeddingWidth: 16))
        var generator = Xoshiro256StarStar(seed: 4)
        model.initializeWeights(generator: &generator)
        try ModelDirectory.save(model, to: policy)
        try FileManager.default.copyItem(at: tokenizerURL, to: policy.appendingPathComponent("tokenizer.json"))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func config(out: String, n: Int = 8, prompts: Int = 5) -> BestOfNConfig {
        var config = BestOfNConfig()
        config.policy = policy.path
        config.reward = ["stand-in"]
        config.objective = .uwo
        config.world = world.path
        config.promptLimit = prompts
        config.n = n
        config.maxNewTokens = 10
        config.out = root.appendingPathComponent(out).path
        return config
    }
}

/// Two members read off the text: its word count and its share of vowels (deterministic, no model).
struct StandInReward: RewardFunction {
    var memberCount: Int { 2 }
    var poison: Float?

    func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
        completions.map { completion in
            let response = World.response(fromCompletion: completion)
            let words = Float(TextFeatures.words(response).count)
            let vowels = Float(response.filter { "aeiou".contains($0) }.count) / Float(max(response.count, 1))
            return [poison ?? 0.3 * words - 1, 2 * vowels - 0.5]
        }
    }
}

/// Returns one row too few.
struct ShortReward: RewardFunction {
    var memberCount: Int { 1 }
    func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] { completions.dropLast().map { _ in [0] } }
}
