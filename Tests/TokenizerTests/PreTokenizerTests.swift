import Foundation
import Tensor
import XCTest
@testable import Tokenizer

final class PreTokenizerTests: XCTestCase {
    func pieces(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        bytes.withUnsafeBufferPointer { buffer in
            PreTokenizer.forEachPiece(in: buffer) { result.append(Array(buffer[$0])) }
        }
        return result
    }

    func pieces(_ text: String) -> [String] {
        pieces(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The split of every golden input, as Python's `regex` module splits it with the GPT-2 pattern.
    func testSplitsMatchTheRegexOnGoldenInputs() throws {
        let cases = try XCTUnwrap(try Fixtures.json("gpt2_golden.json")["cases"] as? [[String: Any]])
        for entry in cases {
            let name = try XCTUnwrap(entry["name"] as? String)
            let input = [UInt8](try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(entry["input_b64"] as? String))))
            let expected = try XCTUnwrap(entry["pieces_b64"] as? [String]).map { [UInt8](Data(base64Encoded: $0)!) }
            XCTAssertEqual(pieces(input), expected, name)
        }
    }

    func testWhitespaceRuleLeavesOneSpaceForTheNextWord() {
        XCTAssertEqual(pieces("a   b"), ["a", "  ", " b"])
        XCTAssertEqual(pieces("a \n b"), ["a", " \n", " b"])
        XCTAssertEqual(pieces("a\tb"), ["a", "\t", "b"])
        XCTAssertEqual(pieces("end  "), ["end", "  "])
        XCTAssertEqual(pieces("x  !"), ["x", " ", " !"])
    }

    func testContractionsAreCaseSensitive() {
        XCTAssertEqual(pieces("it's IT'S we'll"), ["it", "'s", " IT", "'", "S", " we", "'ll"])
        XCTAssertEqual(pieces("!!'s"), ["!!'", "s"])
    }

    func testInvalidBytesAreOtherCharacters() {
        XCTAssertEqual(pieces([0x61, 0xFF, 0x21, 0x20, 0x80, 0x62]), [[0x61], [0xFF, 0x21], [0x20, 0x80], [0x62]])
        // A truncated three-byte sequence: both bytes are invalid, then a letter.
        XCTAssertEqual(pieces([0xE6, 0x97, 0x61]), [[0xE6, 0x97], [0x61]])
        // Overlong "/" and an encoded surrogate are not characters either.
        XCTAssertEqual(pieces([0xC0, 0xAF, 0xED, 0xA0, 0x80]), [[0xC0, 0xAF, 0xED, 0xA0, 0x80]])
    }

    func testPiecesCoverRandomBytes() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let split = pieces(bytes)
            XCTAssertEqual(Array(split.joined()), bytes)
            XCTAssertFalse(split.contains { $0.isEmpty })
        }
    }
}
