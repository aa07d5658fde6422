import Foundation
import Tensor
import XCTest
@testable import Tokenizer

final class EncodeDecodeTests: XCTestCase {
    /// decode(encode(x)) == x for random byte strings, valid UTF-8 or not.
    func testRoundTripOfRandomBytes() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        var generator = SplitMix64(seed: 20240604)
        for _ in 0..<300 {
            let length = Int.random(in: 0..<200, using: &generator)
            // Mix raw bytes with ASCII so that pieces of every class occur.
            let bytes = (0..<length).map { _ -> UInt8 in
                Bool.random(using: &generator) ? UInt8.random(in: 0...255, using: &generator)
                    : Array(" ae\n'0.".utf8).randomElement(using: &generator)!
            }
            let ids = gpt2.encode(bytes: bytes)
            XCTAssertEqual(try gpt2.decodeBytes(ids), bytes)
        }
    }

    func testRoundTripOfRandomText() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        var generator = SplitMix64(seed: 99)
        let alphabet = Array("The quick brown fox 東京 👍🏽 é\u{301} 123 ½ \n\t  '!<|endoftext|>")
        for _ in 0..<200 {
            let text = String((0..<Int.random(in: 0..<120, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            XCTAssertEqual(try gpt2.decode(gpt2.encode(text)), text)
            XCTAssertEqual(try gpt2.decode(gpt2.encode(text, allowedSpecial: ["<|endoftext|>"])), text)
        }
    }

    func testDecodeReplacesInvalidUTF8() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        let ids = gpt2.encode(bytes: [0x61, 0xFF, 0x62])
        XCTAssertEqual(try gpt2.decode(ids), "a\u{FFFD}b")
    }

    func testSpecialTokenOnlyWhenAllowed() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        XCTAssertEqual(gpt2.encode("<|endoftext|>", allowedSpecial: ["<|endoftext|>"]), [50256])
        XCTAssertFalse(gpt2.encode("<|endoftext|>").contains(50256))
        XCTAssertEqual(try gpt2.decode([50256]), "<|endoftext|>")
    }

    func testUnknownIDIsATypedError() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        XCTAssertThrowsError(try gpt2.decode([15496, 50257])) { error in
            XCTAssertEqual(error as? TokenizerError, .unknownTokenID(id: 50257, position: 1))
            XCTAssertTrue("\(error)".contains("50257"))
        }
        XCTAssertThrowsError(try gpt2.decodeBytes([-1])) { error in
            XCTAssertEqual(error as? TokenizerError, .unknownTokenID(id: -1, position: 0))
        }
    }

    /// The heap merge used for long pieces must agree with the simple scan.
    func testHeapMergeAgreesWithScanningMerge() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        var generator = SplitMix64(seed: 3)
        for _ in 0..<50 {
            let word = (0..<Int.random(in: 2..<400, using: &generator)).map { _ in Array("abcdeinorst".utf8).randomElement(using: &generator)! }
            var scanned = word.map { gpt2.model.byteTokens[Int($0)] }
            var heaped = scanned
            BytePairMerge.mergeByScanning(&scanned, rules: gpt2.model.rules)
            BytePairMerge.mergeWithHeap(&heaped, rules: gpt2.model.rules)
            XCTAssertEqual(heaped, scanned)
        }
    }

    func testConcurrentEncodingAgrees() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        let texts = (0..<64).map { "Sentence number \($0) with words like tokenization\($0 % 7) and ünïcödé." }
        let expected = texts.map { gpt2.encode($0) }
        let results = UnsafeMutableBufferPointer<[Int]>.allocate(capacity: texts.count)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: texts.count) { index in
            results[index] = gpt2.encode(texts[index])
        }
        XCTAssertEqual(Array(results), expected)
    }
}
