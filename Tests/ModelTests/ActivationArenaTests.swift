import XCTest
@testable import Model
import Tensor

/// A model that sees batches of changing shapes reuses one set of activation buffers. Nothing may read
/// what an earlier shape left there: after a larger pass, the buffers are poisoned with NaN and a
/// smaller pass must still give exactly what a fresh model gives (a stale read would carry the NaN).
final class ActivationArenaTests: XCTestCase {
    let config = GPTConfig(vocabularySize: 16, contextLength: 8, layerCount: 2, headCount: 2, embeddingWidth: 8)

    func makeModel() throws -> GPT {
        let model = try GPT(config: config)
        var generator = Xoshiro256StarStar(seed: 11)
        model.initializeWeights(generator: &generator)
        return model
    }

    /// Loss, logits-free gradients and the hidden states of one pass at (B, T).
    func pass(_ model: GPT, B: Int, T: Int) throws -> (loss: Float, gradients: [Float], hidden: [Float]) {
        let tokens = (0..<(B * T)).map { Int32(($0 * 7 + B + T) % 16) }
        let targets = tokens.map { ($0 + 1) % 16 }
        model.zeroGradients()
        _ = try model.forward(tokens: tokens, B: B, T: T)
        let hidden = try XCTUnwrap(model.activation("ln_f"))
        let loss = try model.languageModelLossAndBackward(targets: targets)
        return (loss, Array(UnsafeBufferPointer(start: model.gradients.pointer, count: model.gradients.count)), hidden)
    }

    func poison(_ model: GPT) throws {
        let acts = try XCTUnwrap(model.activationsForBackward)
        acts.storage.pointer.update(repeating: .nan, count: acts.storage.count)
        acts.scratch.pointer.update(repeating: .nan, count: acts.scratch.count)
    }

    func testSmallerShapesReuseTheBuffersAndReadNothingStale() throws {
        let reference = try pass(try makeModel(), B: 2, T: 5)
        let model = try makeModel()
        _ = try pass(model, B: 3, T: 8)
        let large = try XCTUnwrap(model.activationsForBackward)
        try poison(model)
        let reused = try pass(model, B: 2, T: 5)
        XCTAssertTrue(try XCTUnwrap(model.activationsForBackward).storage === large.storage, "the smaller shape reuses the buffer")
        XCTAssertEqual(reused.loss, reference.loss)
        XCTAssertEqual(reused.hidden, reference.hidden)
        XCTAssertEqual(reused.gradients, reference.gradients)
        // Going back to the large shape after the small one: the same buffers, the same figures as fresh.
        let freshLarge = try pass(try makeModel(), B: 3, T: 8)
        try poison(model)
        let again = try pass(model, B: 3, T: 8)
        XCTAssertTrue(try XCTUnwrap(model.activationsForBackward).storage === large.storage)
        XCTAssertEqual(again.loss, freshLarge.loss)
        XCTAssertEqual(again.gradients, freshLarge.gradients)
    }

    func testALargerShapeGetsLargerBuffers() throws {
        let model = try makeModel()
        _ = try pass(model, B: 1, T: 4)
        let small = try XCTUnwrap(model.activationsForBackward)
        _ = try pass(model, B: 2, T: 8)
        let large = try XCTUnwrap(model.activationsForBackward)
        XCTAssertFalse(large.storage === small.storage)
        XCTAssertGreaterThanOrEqual(large.storage.count, large.layout.totalCount)
        XCTAssertEqual(try pass(model, B: 2, T: 8).loss, try pass(try makeModel(), B: 2, T: 8).loss)
    }
}
