import Foundation
import Model
import Tensor
import XCTest
@testable import Reward

final class RewardModelTests: XCTestCase {
    static let world = Result { try TinyWorld() }

    func model(seed: UInt64 = 1) throws -> RewardModel {
        try RewardModel.initialize(from: Self.world.get().backbone, format: RewardInputFormat(), seed: seed)
    }

    func testInputIsFormattedAndEndsWithEndOfText() throws {
        let model = try model()
        XCTAssertEqual(RewardInputFormat().text(prompt: "What is 2 plus 2?", completion: " 4<|endoftext|> junk"), "Q: What is 2 plus 2?\nA: 4")
        XCTAssertEqual(RewardInputFormat().text(prompt: nil, completion: "Q: x\nA: y"), "Q: x\nA: y")
        let ids = model.encode(prompt: "What is 2 plus 2?", completion: "4")
        XCTAssertEqual(ids.last, model.endOfText)
        XCTAssertEqual(try model.tokenizer.decode(ids.dropLast().map(Int.init)), "Q: What is 2 plus 2?\nA: 4")
        // Longer than the context: the end (and its end-of-text) is kept.
        let long = model.encode(prompt: "p", completion: String(repeating: "word ", count: 400) + "end")
        XCTAssertEqual(long.count, model.backbone.config.contextLength)
        XCTAssertEqual(long.last, model.endOfText)
    }

    /// Right padding must not change any sequence's reward (causal attention, last real position).
    func testRaggedBatchEqualsOneByOne() throws {
        let model = try model()
        let sequences = [model.encode(prompt: "What is 3 plus 4?", completion: "7"),
                         model.encode(prompt: "Describe a town.", completion: "It is a small town with a long river and many old houses."),
                         model.encode(prompt: "hi", completion: "")]
        let batched = try model.forward(sequences)
        for (sequence, reward) in zip(sequences, batched) {
            XCTAssertEqual(try model.forward([sequence])[0], reward, accuracy: 1e-5)
        }
        XCTAssertNotEqual(batched[0], batched[1])
    }

    /// ∂(Σ_b a_b·r_b) by backward against central differences, on the head and on backbone tensors.
    func testBackwardMatchesFiniteDifferences() throws {
        let model = try model(seed: 4)
        let sequences = [model.encode(prompt: "What is 3 plus 4?", completion: "7"),
                         model.encode(prompt: "How do I kill a process?", completion: "Use the kill command with its id.")]
        let weights: [Float] = [0.7, -1.3]
        func objective() throws -> Double { zip(try model.forward(sequences), weights).reduce(0) { $0 + Double($1.0 * $1.1) } }
        model.zeroGradients()
        _ = try model.forward(sequences)
        try model.backward(dRewards: weights)
        var checked = 0
        for (name, pointer, gradient) in [("score.weight", model.head.pointer, model.headGradient.pointer),
                                          ("ln_f.weight", model.backbone.parameter("ln_f.weight")!, model.backbone.gradient("ln_f.weight")!),
                                          ("h.0.mlp.c_fc.weight", model.backbone.parameter("h.0.mlp.c_fc.weight")!, model.backbone.gradient("h.0.mlp.c_fc.weight")!),
                                          ("wte.weight", model.backbone.parameter("wte.weight")!, model.backbone.gradient("wte.weight")!)] {
            // The largest-gradient entries, where float32 differences are well above rounding.
            let count = name == "wte.weight" ? model.backbone.config.vocabularySize * model.head.count : (name == "h.0.mlp.c_fc.weight" ? 32 * 128 : 32)
            let top = (0..<count).sorted { abs(gradient[$0]) > abs(gradient[$1]) }.prefix(3)
            for i in top {
                let original = pointer[i], h: Float = 1e-2
                pointer[i] = original + h
                let plus = try objective()
                pointer[i] = original - h
                let minus = try objective()
                pointer[i] = original
                let numeric = (plus - minus) / Double(2 * h)
                XCTAssertEqual(Double(gradient[i]), numeric, accuracy: 2e-2 * max(1, abs(numeric)), "\(name)[\(i)]")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 12)
    }

    func testSaveAndLoadRoundTripWithHuggingFaceNames() throws {
        let model = try model(seed: 2)
        model.settings.normalization = RewardNormalization(mean: 0.5, std: 2, reference: "test", samples: 3)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try model.save(to: folder.url)
        let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("config.json"))) as? [String: Any])
        XCTAssertEqual(config["architectures"] as? [String], ["GPT2ForSequenceClassification"])
        XCTAssertEqual(config["num_labels"] as? Int, 1)
        XCTAssertNil(config["pad_token_id"])  // see RewardModel.save
        let (tensors, _) = try Safetensors.read(contentsOf: folder.url.appendingPathComponent("model.safetensors"))
        XCTAssertEqual(tensors["score.weight"]?.shape, [1, model.head.count])
        XCTAssertNotNil(tensors["transformer.h.0.attn.c_attn.weight"])
        XCTAssertNil(tensors["h.0.attn.c_attn.weight"])

        let loaded = try RewardModel.load(from: folder.url)
        XCTAssertEqual(loaded.settings, model.settings)
        let prompts = ["What is 1 plus 1?", "Describe a town."], completions = ["2", "A quiet place."]
        let raw = try model.rawRewards(prompts: prompts, completions: completions)
        XCTAssertEqual(try loaded.rawRewards(prompts: prompts, completions: completions), raw)
        // The RewardFunction view is normalized: (raw − 0.5) / 2.
        XCTAssertEqual(try loaded.memberRewards(prompts: prompts, completions: completions).map { $0[0] }, raw.map { ($0 - 0.5) / 2 })
        // Through `RewardModels.load`, a directory, and a run folder with checkpoints/final, both open.
        XCTAssertEqual((try RewardModels.load(folder.url)).memberCount, 1)
    }

    func testLoadingErrorsNameTheProblem() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        XCTAssertThrowsError(try RewardModels.load(folder.url)) {
            XCTAssertEqual($0 as? RewardError, .notARewardModel(path: folder.url.path))
        }
        // A plain language model directory has no reward_config.json and no score.weight.
        XCTAssertThrowsError(try RewardModel.load(from: Self.world.get().backbone)) {
            XCTAssertEqual($0 as? RewardError, .notARewardModel(path: try! Self.world.get().backbone.path))
        }
        let model = try model()
        try model.save(to: folder.url)
        try Data("{".utf8).write(to: folder.url.appendingPathComponent("reward_config.json"))
        XCTAssertThrowsError(try RewardModel.load(from: folder.url)) {
            guard case .badFile(let path, _)? = $0 as? RewardError else { return XCTFail("\($0)") }
            XCTAssertTrue(path.hasSuffix("reward_config.json"))
        }
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("tokenizer.json"))
        XCTAssertThrowsError(try RewardModel.initialize(from: folder.url, format: RewardInputFormat(), seed: 0)) {
            XCTAssertEqual($0 as? RewardError, .missingTokenizer(path: folder.url.path))
        }
        XCTAssertThrowsError(try model.rawRewards(prompts: ["a"], completions: [])) { XCTAssertTrue($0 is RewardError) }
    }
}
