import XCTest
@testable import Model
import Tensor

/// `offerLastForwardForReuse`: the offered pass comes back only for the same tokens, shape and weights,
/// and only once; anything that could have changed the logits makes the next forward recompute them.
final class ForwardReuseTests: XCTestCase {
    let tokens: [Int32] = [3, 1, 4, 1, 5, 9, 2, 6]

    func makeModel() throws -> GPT {
        let model = try GPT(config: GPTConfig(vocabularySize: 16, contextLength: 8, layerCount: 1, headCount: 2, embeddingWidth: 8))
        var generator = Xoshiro256StarStar(seed: 7)
        model.initializeWeights(generator: &generator)
        return model
    }

    func logits(_ model: GPT, _ tokens: [Int32]) throws -> [Float] {
        Array(UnsafeBufferPointer(start: try model.forward(tokens: tokens, B: 2, T: 4), count: 2 * 4 * 16))
    }

    func testTheOfferedPassIsTakenOnceForTheSameTokensAndWeights() throws {
        let model = try makeModel()
        let first = try logits(model, tokens)
        model.offerLastForwardForReuse()
        XCTAssertNotNil(model.takeReusableLogits(tokens: tokens, B: 2, T: 4))
        XCTAssertNil(model.takeReusableLogits(tokens: tokens, B: 2, T: 4), "an offer is taken once")
        model.offerLastForwardForReuse()
        XCTAssertEqual(try logits(model, tokens), first)
        XCTAssertNil(model.reusableForward)
    }

    func testOtherTokensOrShapesAreNotServedTheOfferedPass() throws {
        let model = try makeModel()
        _ = try logits(model, tokens)
        model.offerLastForwardForReuse()
        XCTAssertNil(model.takeReusableLogits(tokens: tokens.reversed(), B: 2, T: 4))
        model.offerLastForwardForReuse()
        XCTAssertNil(model.takeReusableLogits(tokens: tokens, B: 4, T: 2))
    }

    func testChangedWeightsAreRecomputed() throws {
        let model = try makeModel()
        let before = try logits(model, tokens)
        model.offerLastForwardForReuse()
        model.parameter("ln_f.bias")![0] += 1  // what an optimizer step does between passes
        let after = try logits(model, tokens)
        XCTAssertNotEqual(after, before)
        let fresh = try makeModel()
        fresh.parameter("ln_f.bias")![0] += 1
        XCTAssertEqual(after, try logits(fresh, tokens))
    }

    func testABackwardPassWithdrawsTheOffer() throws {
        let model = try makeModel()
        let before = try logits(model, tokens)
        model.offerLastForwardForReuse()
        model.zeroGradients()
        try model.languageModelLossAndBackward(targets: tokens)  // overwrites the logits with their gradient
        XCTAssertNil(model.reusableForward)
        XCTAssertEqual(try logits(model, tokens), before)
    }
}
