import Foundation
import XCTest
@testable import Model
@testable import Tensor

final class GPTTests: XCTestCase {
    func tinyConfig() -> GPTConfig { GPTConfig(vocabularySize: 11, contextLength: 8, layerCount: 2, headCount: 2, embeddingWidth: 8) }

    func testInitialisationFollowsGPT2() throws {
        let config = GPTConfig(vocabularySize: 500, contextLength: 64, layerCount: 4, headCount: 4, embeddingWidth: 64)
        let model = try GPT(config: config)
        var generator = Xoshiro256StarStar(seed: 3)
        model.initializeWeights(generator: &generator)
        func std(_ name: String) -> Double {
            let spec = model.layout.spec(named: name)!
            let values = UnsafeBufferPointer(start: model.parameter(name)!, count: spec.count).map(Double.init)
            let mean = values.reduce(0, +) / Double(values.count)
            return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        }
        XCTAssertEqual(std("wte.weight"), 0.02, accuracy: 0.001)
        XCTAssertEqual(std("h.0.attn.c_attn.weight"), 0.02, accuracy: 0.001)
        XCTAssertEqual(std("h.3.mlp.c_proj.weight"), 0.02 / 8.0.squareRoot(), accuracy: 0.0005, "residual projections scaled by 1/√(2·n_layer)")
        XCTAssertEqual(model.parameter("h.0.ln_1.weight")![5], 1)
        XCTAssertEqual(model.parameter("h.0.attn.c_attn.bias")![5], 0)
        var again = Xoshiro256StarStar(seed: 3)
        let twin = try GPT(config: config)
        twin.initializeWeights(generator: &again)
        XCTAssertEqual(twin.parameters.array, model.parameters.array, "same seed, same weights")
    }

    func testParameterCountOfGPT2Small() {
        let config = GPTConfig(vocabularySize: 50257, contextLength: 1024, layerCount: 12, headCount: 12, embeddingWidth: 768)
        XCTAssertEqual(config.parameterCount, 124_439_808)  // the published figure for GPT-2 124M
    }

    func testBadInputsAreTypedErrors() throws {
        let model = try GPT(config: tinyConfig())
        XCTAssertThrowsError(try model.forward(tokens: [1, 2, 11], B: 1, T: 3)) {
            XCTAssertEqual($0 as? ModelError, .tokenOutOfRange(position: 2, token: 11, vocabularySize: 11))
        }
        XCTAssertThrowsError(try model.forward(tokens: [Int32](repeating: 0, count: 9), B: 1, T: 9)) {
            XCTAssertEqual($0 as? ModelError, .sequenceTooLong(length: 9, contextLength: 8))
        }
        XCTAssertThrowsError(try model.forward(tokens: [1, 2], B: 1, T: 3)) {
            XCTAssertEqual($0 as? ModelError, .shapeMismatch(tensor: "tokens", expected: [1, 3], found: [2]))
        }
        XCTAssertThrowsError(try model.backward(dHidden: [Float](repeating: 0, count: 8))) {
            XCTAssertEqual($0 as? ModelError, .backwardBeforeForward)
        }
        XCTAssertThrowsError(try GPT(config: GPTConfig(vocabularySize: 11, contextLength: 8, layerCount: 1, headCount: 3, embeddingWidth: 8))) {
            guard case .invalidConfig? = $0 as? ModelError else { return XCTFail("\($0)") }
        }
    }

    /// The hidden-state path (reward and value heads) against finite differences of a scalar head.
    func testBackwardFromHiddenMatchesFiniteDifferences() throws {
        let model = try GPT(config: tinyConfig())
        var generator = Xoshiro256StarStar(seed: 5)
        model.initializeWeights(generator: &generator)
        let tokens: [Int32] = [3, 1, 4, 1, 5, 9]
        let head = (0..<(6 * 8)).map { _ in Float(generator.nextNormal()) }
        func objective() throws -> Float {
            let hidden = try model.forwardHidden(tokens: tokens, B: 2, T: 3)
            return (0..<head.count).reduce(0) { $0 + hidden[$1] * head[$1] }
        }
        _ = try objective()
        model.zeroGradients()
        try model.backward(dHidden: head)
        for name in ["wte.weight", "wpe.weight", "h.0.attn.c_attn.weight", "h.1.mlp.c_fc.bias", "h.0.ln_2.weight"] {
            let spec = model.layout.spec(named: name)!
            for i in stride(from: 0, to: spec.count, by: max(1, spec.count / 7)) {
                let p = model.parameters.pointer + spec.offset + i
                let saved = p.pointee, step: Float = 1e-2
                p.pointee = saved + step
                let plus = try objective()
                p.pointee = saved - step
                let minus = try objective()
                p.pointee = saved
                let numeric = (plus - minus) / (2 * step)
                let analytic = model.gradients.pointer[spec.offset + i]
                XCTAssertEqual(analytic, numeric, accuracy: 2e-2 * max(1, abs(numeric)), "\(name)[\(i)]")
            }
        }
    }

    /// A tiny model learns a tiny repeated text: the loss must fall below a bound far under chance.
    func testTrainingDrivesLossDown() throws {
        let text = Array("the cat sat on the mat. ".utf8)
        let vocabulary = Array(Set(text)).sorted()
        let ids = text.map { Int32(vocabulary.firstIndex(of: $0)!) }
        let config = GPTConfig(vocabularySize: vocabulary.count, contextLength: 16, layerCount: 2, headCount: 2, embeddingWidth: 32)
        let model = try GPT(config: config)
        var generator = Xoshiro256StarStar(seed: 11)
        model.initializeWeights(generator: &generator)
        let optimizer = AdamW(layout: model.layout, config: AdamWConfig(weightDecay: 0))
        let B = 4, T = 16
        var loss: Float = .infinity
        for step in 0..<150 {
            var inputs = [Int32](), targets = [Int32]()
            for b in 0..<B {
                let start = (step * 7 + b * 5) % ids.count
                for t in 0..<T {
                    inputs.append(ids[(start + t) % ids.count])
                    targets.append(ids[(start + t + 1) % ids.count])
                }
            }
            try model.forward(tokens: inputs, B: B, T: T)
            model.zeroGradients()
            loss = try model.languageModelLossAndBackward(targets: targets)
            clipGradientNorm(model.gradients.pointer, count: model.gradients.count, maxNorm: 1)
            optimizer.step(parameters: model.parameters.pointer, gradients: model.gradients.pointer, learningRate: 3e-3)
        }
        // Chance is log(11) ≈ 2.4 nats; the text is deterministic after a few characters of context.
        XCTAssertLessThan(loss, 0.25)
    }
}
