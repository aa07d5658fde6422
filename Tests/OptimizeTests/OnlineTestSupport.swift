import Feedback
import Foundation
import Model
import Reward
import Tensor
import Tokenizer
@testable import Optimize

/// A small generated world on disk, a tokenizer trained on its corpus, and a tiny random-init GPT
/// policy saved as a model directory (with tokenizer.json): what the online loop needs, in seconds.
final class OnlineFixture {
    let folder: URL
    let worldURL: URL
    let policyURL: URL
    let world: World

    init(width: Int = 32, vocabulary: Int = 300) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-online-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var settings = WorldSettings(seed: 5)
        settings.people = 16
        settings.towns = 8
        world = World.generate(settings: settings)
        let corpus = Corpus.generate(world: world, documents: 200)
        worldURL = folder.appendingPathComponent("world")
        try WorldFiles.write(world: world, corpus: corpus, tokens: nil, to: worldURL)
        let tokenizer = try ByteLevelBPETokenizer.train(text: corpus.text, vocabSize: vocabulary)
        var config = GPTConfig(vocabularySize: tokenizer.vocabSize, contextLength: 96, layerCount: 2, headCount: 2, embeddingWidth: width)
        config.eosTokenID = tokenizer.specialTokenID("<|endoftext|>")
        let model = try GPT(config: config)
        var generator = Xoshiro256StarStar(seed: 3)
        model.initializeWeights(generator: &generator)
        policyURL = folder.appendingPathComponent("policy")
        try ModelDirectory.save(model, to: policyURL)
        try AtomicFile.write(try tokenizer.tokenizerJSON(), to: policyURL.appendingPathComponent("tokenizer.json"))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Settings without the world: eight one-letter prompts (short rows keep debug-build steps fast),
    /// held out as well, read through "{prompt}:".
    func letterSettings(out: String, steps: Int) throws -> OnlineSettings {
        let prompts = folder.appendingPathComponent("letters.jsonl")
        try ["a", "b", "c", "d", "e", "f", "g", "h"].map { "{\"prompt\": \"\($0)\"}" }.joined(separator: "\n")
            .write(to: prompts, atomically: true, encoding: .utf8)
        var settings = self.settings(out: out, steps: steps)
        settings.world = nil
        settings.prompts = prompts.path
        settings.evalPrompts = prompts.path
        settings.promptTemplate = "{prompt}:"
        settings.maxNewTokens = 6
        return settings
    }

    /// Small online settings over this world and policy.
    func settings(out: String, steps: Int = 6) -> OnlineSettings {
        var settings = OnlineSettings()
        settings.policy = policyURL.path
        settings.rewards = ["stand-in"]
        settings.world = worldURL.path
        settings.out = path(out)
        settings.steps = steps
        settings.promptsPerStep = 4
        settings.maxNewTokens = 8
        settings.learningRate = 3e-3
        settings.minimumLearningRate = 3e-3
        settings.evalSamples = 24
        settings.evalEvery = 4
        settings.denseEvalEvery = 2
        settings.checkpointEvery = 3
        settings.batchSize = 16
        return settings
    }
}

/// A stand-in reward: the share of the response's characters that are lowercase letters (dense, in
/// [0, 1], and reachable by a tiny random policy), and, as a second member, that share minus the share of spaces.
struct LetterReward: RewardFunction {
    var members = 1

    var memberCount: Int { members }

    static func letterShare(_ text: String) -> Float {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return 0 }
        return Float(scalars.filter { ("a"..."z").contains($0) }.count) / Float(scalars.count)
    }

    func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
        completions.map { completion in
            let letters = Self.letterShare(completion)
            let spaces = Float(completion.filter { $0 == " " }.count) / Float(max(completion.count, 1))
            return Array([letters, letters - spaces].prefix(members))
        }
    }
}
