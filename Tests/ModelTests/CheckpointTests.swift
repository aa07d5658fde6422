import Foundation
import XCTest
@testable import Model
@testable import Tensor

final class CheckpointTests: XCTestCase {
    let modelFolder = Fixtures.tinyGPT.appendingPathComponent("model")

    func testBareNamesWithBuffersLoadTheSameWeights() throws {
        let prefixed = try ModelDirectory.loadGPT(from: modelFolder)
        let bare = try GPT(config: prefixed.config)
        try ModelDirectory.loadWeights(into: bare, from: Fixtures.tinyGPT.appendingPathComponent("model-bare.safetensors"))
        XCTAssertEqual(bare.parameters.array, prefixed.parameters.array)
        XCTAssertNotEqual(bare.parameters.array.filter { $0 != 0 }.count, 0)
    }

    func testSaveThenLoadRoundTrips() throws {
        let model = try ModelDirectory.loadGPT(from: modelFolder)
        let folder = try temporaryFolder().appendingPathComponent("saved")
        try ModelDirectory.save(model, to: folder)
        let reloaded = try ModelDirectory.loadGPT(from: folder)
        XCTAssertEqual(reloaded.config, model.config)
        XCTAssertEqual(reloaded.parameters.array, model.parameters.array)
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("config.json"))) as? [String: Any]
        XCTAssertEqual(config?["architectures"] as? [String], ["GPT2LMHeadModel"])
        XCTAssertEqual(config?["n_embd"] as? Int, 32)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)), ["config.json", "model.safetensors"])
    }

    /// Writes the fixture's tensors with one change and expects the loader to name the culprit.
    private func loadAltered(_ alter: (inout [(name: String, shape: [Int], values: [Float])]) -> Void) throws -> Error? {
        var tensors = try Safetensors.read(contentsOf: modelFolder.appendingPathComponent("model.safetensors")).tensors
            .map { (name: $0.key, shape: $0.value.shape, values: $0.value.values) }
        alter(&tensors)
        let url = try temporaryFolder().appendingPathComponent("model.safetensors")
        let buffers = tensors.map { FloatBuffer($0.values) }
        try Safetensors.write(zip(tensors, buffers).map { ($0.name, $0.shape, UnsafeBufferPointer(start: $1.pointer, count: $1.count)) }, to: url)
        let model = try GPT(config: ModelDirectory.loadConfig(from: modelFolder.appendingPathComponent("config.json")))
        do {
            try ModelDirectory.loadWeights(into: model, from: url)
            return nil
        } catch {
            return error
        }
    }

    func testMissingExtraAndMisshapenTensorsAreNamed() throws {
        let missing = try loadAltered { $0.removeAll { $0.name == "transformer.h.1.mlp.c_fc.bias" } }
        guard case let .missingTensor(_, name)? = missing as? CheckpointError else { return XCTFail("\(String(describing: missing))") }
        XCTAssertEqual(name, "h.1.mlp.c_fc.bias")

        let extra = try loadAltered { $0.append((name: "transformer.h.0.attn.rotary", shape: [2], values: [0, 0])) }
        guard case let .unexpectedTensor(_, extraName)? = extra as? CheckpointError else { return XCTFail("\(String(describing: extra))") }
        XCTAssertEqual(extraName, "transformer.h.0.attn.rotary")

        let misshapen = try loadAltered { tensors in
            let i = tensors.firstIndex { $0.name == "transformer.wpe.weight" }!
            tensors[i].shape = [tensors[i].shape[1], tensors[i].shape[0]]
        }
        guard case let .shapeMismatch(_, shapeName, expected, found)? = misshapen as? CheckpointError else { return XCTFail("\(String(describing: misshapen))") }
        XCTAssertEqual(shapeName, "wpe.weight")
        XCTAssertEqual(expected, [16, 32])
        XCTAssertEqual(found, [32, 16])

        let untied = try loadAltered { $0.append((name: "lm_head.weight", shape: [64, 32], values: [Float](repeating: 0.5, count: 64 * 32))) }
        guard case .untiedHead? = untied as? CheckpointError else { return XCTFail("\(String(describing: untied))") }
    }

    func testTruncatedWeightsAndBadConfigAreTypedErrors() throws {
        let folder = try temporaryFolder()
        try FileManager.default.copyItem(at: modelFolder.appendingPathComponent("config.json"), to: folder.appendingPathComponent("config.json"))
        let weights = try Data(contentsOf: modelFolder.appendingPathComponent("model.safetensors"))
        try weights.prefix(weights.count / 2).write(to: folder.appendingPathComponent("model.safetensors"))
        XCTAssertThrowsError(try ModelDirectory.loadGPT(from: folder)) { error in
            guard case .truncated? = error as? SafetensorsError else { return XCTFail("\(error)") }
        }

        try Data(#"{"n_layer": 2, "n_head": 4, "n_embd": 32, "n_positions": 16}"#.utf8).write(to: folder.appendingPathComponent("config.json"))
        XCTAssertThrowsError(try ModelDirectory.loadGPT(from: folder)) {
            XCTAssertEqual($0 as? CheckpointError, .badConfig(path: folder.appendingPathComponent("config.json").path, reason: "missing key \"vocab_size\""))
        }
        try Data(#"{"vocab_size": 64, "n_layer": 2, "n_head": 5, "n_embd": 32, "n_positions": 16}"#.utf8).write(to: folder.appendingPathComponent("config.json"))
        XCTAssertThrowsError(try ModelDirectory.loadGPT(from: folder)) { error in
            guard case let .badConfig(_, reason)? = error as? CheckpointError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("not divisible"), reason)
        }
        XCTAssertThrowsError(try ModelDirectory.loadGPT(from: folder.appendingPathComponent("nowhere"))) {
            guard case .missingFile? = $0 as? CheckpointError else { return XCTFail("\($0)") }
        }
    }
}
