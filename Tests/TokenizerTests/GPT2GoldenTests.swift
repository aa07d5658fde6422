import Foundation
import XCTest
@testable import Tokenizer

/// Golden ids from tiktoken over the real GPT-2 vocabulary (Tests/Fixtures/generate/tokenizer_gpt2_golden.py).
final class GPT2GoldenTests: XCTestCase {
    struct Case {
        var name: String
        var bytes: [UInt8]
        var allowedSpecial: Set<String>
        var ids: [Int]
    }

    func loadCases() throws -> [Case] {
        let root = try Fixtures.json("gpt2_golden.json")
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        return try cases.map { entry in
            let base64 = try XCTUnwrap(entry["input_b64"] as? String)
            return Case(name: try XCTUnwrap(entry["name"] as? String),
                        bytes: [UInt8](try XCTUnwrap(Data(base64Encoded: base64))),
                        allowedSpecial: Set(try XCTUnwrap(entry["allowed_special"] as? [String])),
                        ids: try XCTUnwrap(entry["ids"] as? [Int]))
        }
    }

    func testVocabularyShape() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        XCTAssertEqual(gpt2.vocabSize, 50257)
        XCTAssertEqual(gpt2.specialTokenID("<|endoftext|>"), 50256)
        XCTAssertNil(gpt2.specialTokenID("<|fim_prefix|>"))
        XCTAssertEqual(gpt2.encode("Hello world"), [15496, 995])
    }

    func testGoldenIDsFromBytes() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        let cases = try loadCases()
        XCTAssertGreaterThanOrEqual(cases.count, 25)
        for item in cases {
            XCTAssertEqual(gpt2.encode(bytes: item.bytes, allowedSpecial: item.allowedSpecial), item.ids, item.name)
        }
    }

    func testGoldenIDsFromStrings() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        var validCount = 0
        for item in try loadCases() {
            guard let text = String(validating: item.bytes, as: UTF8.self) else { continue }
            validCount += 1
            XCTAssertEqual(gpt2.encode(text, allowedSpecial: item.allowedSpecial), item.ids, item.name)
        }
        XCTAssertGreaterThan(validCount, 15)
    }

    func testGoldenDecodeIsLossless() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        for item in try loadCases() {
            XCTAssertEqual(try gpt2.decodeBytes(item.ids), item.bytes, item.name)
        }
    }

    /// The second pass finds every piece in the word cache; it must give the same ids.
    func testEncodingTwiceUsesCacheAndAgrees() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        for item in try loadCases() {
            let first = gpt2.encode(bytes: item.bytes, allowedSpecial: item.allowedSpecial)
            XCTAssertEqual(gpt2.encode(bytes: item.bytes, allowedSpecial: item.allowedSpecial), first, item.name)
        }
    }
}
