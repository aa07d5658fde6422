import Foundation
import XCTest
@testable import Tokenizer

/// tokenizer.json files made by Python `tokenizers` (Tests/Fixtures/generate/tokenizer_hf_fixtures.py).
final class TokenizerJSONTests: XCTestCase {
    func expected() throws -> (strings: [String], ids: [String: [[Int]]]) {
        let root = try Fixtures.json("hf_expected.json")
        return (try XCTUnwrap(root["strings"] as? [String]), try XCTUnwrap(root["ids"] as? [String: [[Int]]]))
    }

    func testBothMergeFormsAndPrefixSpaceEncodeLikePython() throws {
        let (strings, ids) = try expected()
        XCTAssertEqual(ids.count, 3)
        for (file, expectedIDs) in ids {
            let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: Fixtures.url(file))
            XCTAssertEqual(tokenizer.specialTokenID("<|endoftext|>"), 0, file)
            XCTAssertEqual(tokenizer.specialTokenID("<sep-mark>"), 420, file)
            XCTAssertEqual(tokenizer.vocabSize, 421, file)
            for (text, expectedTokens) in zip(strings, expectedIDs) {
                XCTAssertEqual(tokenizer.encode(text, allowedSpecial: ["<|endoftext|>"]), expectedTokens, "\(file): \(text)")
            }
        }
    }

    func testOrdinaryAddedTokenIsAlwaysMatchedAndSpecialOnlyWhenAllowed() throws {
        let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: Fixtures.url("hf_pairs.json"))
        XCTAssertTrue(tokenizer.encode("a<sep-mark>b").contains(420))
        XCTAssertFalse(tokenizer.encode("a<|endoftext|>b").contains(0))
        XCTAssertEqual(tokenizer.specialTokens, ["<|endoftext|>"])
    }

    func testWrittenJSONReloadsWithTheSameIDs() throws {
        let (strings, _) = try expected()
        for file in ["hf_pairs.json", "hf_prefix_space.json"] {
            let original = try ByteLevelBPETokenizer.load(contentsOf: Fixtures.url(file))
            let reloaded = try ByteLevelBPETokenizer.fromTokenizerJSON(try original.tokenizerJSON())
            XCTAssertEqual(reloaded.model.mergeList.count, original.model.mergeList.count)
            XCTAssertEqual(reloaded.model.tokenBytes, original.model.tokenBytes)
            for text in strings {
                XCTAssertEqual(reloaded.encode(text, allowedSpecial: ["<|endoftext|>"]),
                               original.encode(text, allowedSpecial: ["<|endoftext|>"]), text)
            }
        }
    }

    /// GPT-2 read from tiktoken ranks, written as tokenizer.json with recovered merges, read back:
    /// the golden ids still come out, with and without the whole-piece lookup.
    func testGPT2ThroughTokenizerJSONKeepsGoldenIDs() throws {
        let gpt2 = try Fixtures.gpt2OrFail()
        let data = try gpt2.tokenizerJSON()
        let reloaded = try ByteLevelBPETokenizer.fromTokenizerJSON(data)
        XCTAssertEqual(reloaded.vocabSize, 50257)
        XCTAssertEqual(reloaded.model.mergeList.count, 50000)
        var pureMerges = reloaded.model
        pureMerges.lookupWholePieceFirst = false
        let mergesOnly = ByteLevelBPETokenizer(model: pureMerges)
        let cases = try XCTUnwrap(try Fixtures.json("gpt2_golden.json")["cases"] as? [[String: Any]])
        for entry in cases {
            let bytes = [UInt8](try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(entry["input_b64"] as? String))))
            let allowed = Set(try XCTUnwrap(entry["allowed_special"] as? [String]))
            let ids = try XCTUnwrap(entry["ids"] as? [Int])
            XCTAssertEqual(reloaded.encode(bytes: bytes, allowedSpecial: allowed), ids)
            XCTAssertEqual(mergesOnly.encode(bytes: bytes, allowedSpecial: allowed), ids)
        }
    }

    func testWriteIsAtomicAndLeavesNoTemporaryFile() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: Fixtures.url("hf_pairs.json"))
        let url = directory.appendingPathComponent("tokenizer.json")
        try Data("old".utf8).write(to: url)
        try tokenizer.write(to: url)
        XCTAssertEqual(try Data(contentsOf: url), try tokenizer.tokenizerJSON())
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["tokenizer.json"])
        let impossible = directory.appendingPathComponent("no-such-folder/tokenizer.json")
        XCTAssertThrowsError(try tokenizer.write(to: impossible)) { error in
            guard case .writeFailed(impossible.path, _)? = error as? TokenizerError else { return XCTFail("\(error)") }
        }
    }
}
