import Feedback
import Foundation
import Model
import Tensor
import Tokenizer
@testable import Reward

/// A temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-reward-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func remove() { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// A small generated world, preferences labelled by annotator presets, and a tiny random-init GPT
/// backbone (with a tokenizer trained on the world's texts) saved as a model directory.
struct TinyWorld {
    let world: World
    let folder: TemporaryFolder
    let backbone: URL

    init(layers: Int = 2, width: Int = 32, vocabulary: Int = 360) throws {
        var settings = WorldSettings(seed: 5)
        settings.people = 16
        settings.towns = 8
        world = World.generate(settings: settings)
        folder = try TemporaryFolder()
        let items = FeedbackSimulator(world: world, pool: AnnotatorPresets.ideal).simulateGenerated(items: 300, k: 2, seed: 1)
        let text = items.flatMap { [World.document(prompt: $0.promptText, response: $0.completions[0]),
                                    World.document(prompt: $0.promptText, response: $0.completions[1])] }
            .joined(separator: "<|endoftext|>")
        let tokenizer = try ByteLevelBPETokenizer.train(text: text, vocabSize: vocabulary)
        let model = try GPT(config: GPTConfig(vocabularySize: tokenizer.vocabSize, contextLength: 96, layerCount: layers,
                                              headCount: 2, embeddingWidth: width))
        var generator = Xoshiro256StarStar(seed: 3)
        model.initializeWeights(generator: &generator)
        backbone = folder.url.appendingPathComponent("backbone")
        try ModelDirectory.save(model, to: backbone)
        try AtomicFile.write(try tokenizer.tokenizerJSON(), to: backbone.appendingPathComponent("tokenizer.json"))
    }

    /// Writes `items` pairs labelled by `preset` on training prompts; returns the file.
    func preferences(_ preset: String, items: Int, seed: UInt64 = 11) throws -> URL {
        let url = folder.url.appendingPathComponent("\(preset)-\(items).jsonl")
        let pool = AnnotatorPresets.named(preset)!
        let records = FeedbackSimulator(world: world, pool: pool).simulateGenerated(items: items, k: 2, seed: seed).map(\.record)
        let writer = try JSONLWriter(url: url)
        for record in records { try writer.write(record) }
        try writer.finish()
        return url
    }

    func config(data: URL, out: String) -> RewardTrainConfig {
        var config = RewardTrainConfig()
        config.initialModel = backbone.path
        config.data = data.path
        config.out = folder.path(out)
        config.batchSize = 16
        config.evalEvery = 20
        config.checkpointEvery = 20
        return config
    }
}
