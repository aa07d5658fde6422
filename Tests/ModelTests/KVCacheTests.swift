import Foundation
import XCTest
@testable import Model
@testable import Tensor

final class KVCacheTests: XCTestCase {
    func makeModel(seed: UInt64 = 11) throws -> GPT {
        let config = GPTConfig(vocabularySize: 37, contextLength: 24, layerCount: 3, headCount: 4, embeddingWidth: 32)
        let model = try GPT(config: config)
        var generator = Xoshiro256StarStar(seed: seed)
        model.initializeWeights(generator: &generator)
        // Non-zero biases and gains, so every term of the layer is exercised.
        for spec in model.layout.specs where spec.shape.count == 1 {
            for i in 0..<spec.count { model.parameters.pointer[spec.offset + i] += Float(generator.nextNormal()) * 0.1 }
        }
        return model
    }

    /// Logits of the last position of `sequence` from the ordinary full forward pass.
    func fullForwardLastLogits(_ model: GPT, _ sequence: [Int32]) throws -> [Float] {
        let V = model.config.vocabularySize, T = sequence.count
        let logits = try model.forward(tokens: sequence, B: 1, T: T)
        return Array(UnsafeBufferPointer(start: logits + (T - 1) * V, count: V))
    }

    func assertClose(_ a: [Float], _ b: [Float], tolerance: Float, _ message: String, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, message, line: line)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThan(worst, tolerance, message, line: line)
    }

    /// Prefill of prompts with different lengths in one batch, then decode steps in which a finished
    /// sequence drops out: every step's logits equal the full forward pass over the whole prefix.
    func testCachedLogitsEqualFullForwardWithRaggedPrompts() throws {
        let model = try makeModel()
        let V = model.config.vocabularySize
        var sequences: [[Int32]] = [[3, 1, 4, 1, 5], [9], [2, 6, 5, 3, 5, 8, 9, 7, 9, 3]]
        let cache = try KVCache(config: model.config, slotCount: 3, capacity: 20)
        var slots = [0, 1, 2]
        var logits = try model.appendToCache(cache, slots: slots, counts: sequences.map(\.count), tokens: sequences.flatMap { $0 })
        XCTAssertEqual(cache.lengths, [5, 1, 10])
        var generator = Xoshiro256StarStar(seed: 4)
        for step in 0..<9 {
            for (row, slot) in slots.enumerated() {
                let cached = Array(UnsafeBufferPointer(start: logits + row * V, count: V))
                assertClose(cached, try fullForwardLastLogits(model, sequences[slot]), tolerance: 1e-4, "step \(step) slot \(slot)")
            }
            if step == 3 { slots.removeFirst() }  // sequence 0 finishes; the others go on without it
            let next = slots.map { _ in Int32(generator.next() % UInt64(V)) }
            for (slot, token) in zip(slots, next) { sequences[slot].append(token) }
            logits = try model.appendToCache(cache, slots: slots, counts: slots.map { _ in 1 }, tokens: next)
        }
        XCTAssertEqual(cache.lengths, [8, 10, 19])
    }

    /// A prompt appended in pieces (a multi-row append on top of cached positions) gives the same logits
    /// as the prompt at once, and slots are independent of their neighbours.
    func testAppendingInPiecesEqualsOnePrefill() throws {
        let model = try makeModel(seed: 5)
        let V = model.config.vocabularySize
        let prompt: [Int32] = [7, 7, 1, 30, 22, 5, 0, 36, 12]
        let whole = try KVCache(config: model.config, slotCount: 1, capacity: 24)
        let expected = Array(UnsafeBufferPointer(start: try model.appendToCache(whole, slots: [0], counts: [9], tokens: prompt), count: V))
        let pieces = try KVCache(config: model.config, slotCount: 2, capacity: 24)
        try model.appendToCache(pieces, slots: [1, 0], counts: [2, 4], tokens: [5, 5] + Array(prompt[0..<4]))
        try model.appendToCache(pieces, slots: [0], counts: [1], tokens: [prompt[4]])
        let logits = try model.appendToCache(pieces, slots: [0, 1], counts: [4, 3], tokens: Array(prompt[5...]) + [1, 2, 3])
        assertClose(Array(UnsafeBufferPointer(start: logits, count: V)), expected, tolerance: 1e-5, "pieces vs whole")
        assertClose(Array(UnsafeBufferPointer(start: logits + V, count: V)), try fullForwardLastLogits(model, [5, 5, 1, 2, 3]),
                    tolerance: 1e-4, "neighbour slot")
        pieces.reset(slot: 0)
        let again = try model.appendToCache(pieces, slots: [0], counts: [9], tokens: prompt)
        assertClose(Array(UnsafeBufferPointer(start: again, count: V)), expected, tolerance: 1e-5, "after reset")
    }

    /// The checked-in Hugging Face GPT-2 fixture: cached decoding agrees with the full pass there too.
    func testFixtureModelDecodesLikeFullForward() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/gpt2-tiny/model")
        let model = try ModelDirectory.loadGPT(from: directory)
        let V = model.config.vocabularySize
        var sequence: [Int32] = [43, 15, 10]
        let cache = try KVCache(config: model.config, slotCount: 1, capacity: model.config.contextLength)
        var logits = try model.appendToCache(cache, slots: [0], counts: [3], tokens: sequence)
        while sequence.count < model.config.contextLength {
            let cached = Array(UnsafeBufferPointer(start: logits, count: V))
            assertClose(cached, try fullForwardLastLogits(model, sequence), tolerance: 1e-4, "length \(sequence.count)")
            let next = Int32(cached.indices.max { cached[$0] < cached[$1] }!)
            sequence.append(next)
            logits = try model.appendToCache(cache, slots: [0], counts: [1], tokens: [next])
        }
        XCTAssertThrowsError(try model.appendToCache(cache, slots: [0], counts: [1], tokens: [1])) {
            XCTAssertEqual($0 as? KVCacheError, .capacityExceeded(slot: 0, length: 17, capacity: 16))
        }
    }

    func testMisuseIsATypedError() throws {
        let model = try makeModel()
        let cache = try KVCache(config: model.config, slotCount: 2, capacity: 4)
        func expect(_ error: Error, _ body: () throws -> Void, line: UInt = #line) {
            XCTAssertThrowsError(try body(), line: line) { XCTAssertEqual("\($0)", "\(error)", line: line) }
        }
        expect(KVCacheError.slotOutOfRange(slot: 2, slotCount: 2)) { try model.appendToCache(cache, slots: [2], counts: [1], tokens: [1]) }
        expect(KVCacheError.duplicateSlot(0)) { try model.appendToCache(cache, slots: [0, 0], counts: [1, 1], tokens: [1, 2]) }
        expect(KVCacheError.emptyAppend(slot: 1)) { try model.appendToCache(cache, slots: [1], counts: [0], tokens: []) }
        expect(KVCacheError.capacityExceeded(slot: 1, length: 5, capacity: 4)) {
            try model.appendToCache(cache, slots: [1], counts: [5], tokens: [1, 2, 3, 4, 5])
        }
        expect(KVCacheError.argumentMismatch("counts add up to 2 but 3 tokens were given")) {
            try model.appendToCache(cache, slots: [0], counts: [2], tokens: [1, 2, 3])
        }
        expect(ModelError.tokenOutOfRange(position: 1, token: 37, vocabularySize: 37)) {
            try model.appendToCache(cache, slots: [0], counts: [2], tokens: [1, 37])
        }
        XCTAssertEqual(cache.lengths, [0, 0], "a refused append leaves the cache as it was")
        try model.appendToCache(cache, slots: [0, 1], counts: [1, 1], tokens: [1, 2])  // the duplicate check was cleared
        let other = try GPT(config: GPTConfig(vocabularySize: 37, contextLength: 24, layerCount: 2, headCount: 4, embeddingWidth: 32))
        expect(KVCacheError.modelMismatch) { try other.appendToCache(cache, slots: [0], counts: [1], tokens: [1]) }
        XCTAssertThrowsError(try KVCache(config: model.config, slotCount: 1, capacity: 25)) {
            guard case .invalidConfig? = $0 as? ModelError else { return XCTFail("\($0)") }
        }
    }
}
