import Feedback
import Foundation
import Model
import Tensor
import Tokenizer
@testable import Optimize

/// A temporary folder for DPO tests, removed by `remove()`.
struct DPOTestFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-dpo-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func remove() { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `lines` as a file and returns it.
    func file(_ name: String, lines: [String]) throws -> URL {
        let url = self.url.appendingPathComponent(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }
}

/// A small generated world, preferences labelled by annotator presets on its training prompts, and
/// a tiny random-init GPT policy (with a tokenizer trained on the world's documents) saved as a
/// model directory.
struct DPOTinyPolicy {
    let world: World
    let folder: DPOTestFolder
    let policy: URL
    let tokenizer: ByteLevelBPETokenizer

    init(layers: Int = 2, width: Int = 32, vocabulary: Int = 360, contextLength: Int = 96) throws {
        var settings = WorldSettings(seed: 5)
        settings.people = 16
        settings.towns = 8
        world = World.generate(settings: settings)
        folder = try DPOTestFolder()
        let items = FeedbackSimulator(world: world, pool: AnnotatorPresets.ideal).simulateGenerated(items: 300, k: 2, seed: 1)
        let text = items.flatMap { [World.document(prompt: $0.promptText, response: $0.completions[0]),
                                    World.document(prompt: $0.promptText, response: $0.completions[1])] }
            .joined(separator: "<|endoftext|>")
        tokenizer = try ByteLevelBPETokenizer.train(text: text, vocabSize: vocabulary)
        var config = GPTConfig(vocabularySize: tokenizer.vocabSize, contextLength: contextLength, layerCount: layers,
                               headCount: 2, embeddingWidth: width)
        config.eosTokenID = tokenizer.specialTokenID("<|endoftext|>")
        let model = try GPT(config: config)
        var generator = Xoshiro256StarStar(seed: 3)
        model.initializeWeights(generator: &generator)
        policy = folder.url.appendingPathComponent("policy")
        try ModelDirectory.save(model, to: policy)
        try AtomicFile.write(try tokenizer.tokenizerJSON(), to: policy.appendingPathComponent("tokenizer.json"))
    }

    /// Writes `items` pairs labelled by `preset` on training prompts; returns the file.
    func preferences(_ preset: String, items: Int, seed: UInt64 = 11) throws -> URL {
        let url = folder.url.appendingPathComponent("\(preset)-\(items)-\(seed).jsonl")
        let pool = AnnotatorPresets.named(preset)!
        let records = FeedbackSimulator(world: world, pool: pool).simulateGenerated(items: items, k: 2, seed: seed).map(\.record)
        let writer = try JSONLWriter(url: url)
        for record in records { try writer.write(record) }
        try writer.finish()
        return url
    }

    func config(data: URL, out: String, loss: DPOLossKind = .sigmoid) -> DPOConfig {
        var config = DPOConfig(method: loss)
        config.policy = policy.path
        config.data = data.path
        config.out = folder.path(out)
        config.batchSize = 8
        config.evalEvery = 5
        config.checkpointEvery = 5
        return config
    }
}
