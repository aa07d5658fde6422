import Foundation
import XCTest
@testable import Tokenizer

/// Training against the Python reference trainer and Python `tokenizers`
/// (Tests/Fixtures/generate/tokenizer_train_fixture.py).
final class TrainingTests: XCTestCase {
    func trainOnCorpus() throws -> (ByteLevelBPETokenizer, [String: Any]) {
        let expected = try Fixtures.json("train_expected.json")
        let corpus = try String(contentsOf: Fixtures.url("train_corpus.txt"), encoding: .utf8)
        let tokenizer = try ByteLevelBPETokenizer.train(
            text: corpus, vocabSize: try XCTUnwrap(expected["vocab_size"] as? Int),
            specialTokens: try XCTUnwrap(expected["special_tokens"] as? [String]))
        return (tokenizer, expected)
    }

    func testMergesMatchTheReferenceTrainer() throws {
        let (tokenizer, expected) = try trainOnCorpus()
        let reference = try XCTUnwrap(expected["reference_merges"] as? [[String]])
        let merges = tokenizer.model.mergeList.map { pair in
            [pair.0, pair.1].map { ByteUnicodeTable.encode(tokenizer.model.tokenBytes[Int($0)] ?? []) }
        }
        XCTAssertGreaterThan(reference.count, 200)
        XCTAssertEqual(merges, reference)
    }

    func testWrittenFileIsTheCommittedOneByteForByte() throws {
        let (tokenizer, _) = try trainOnCorpus()
        let committed = try Data(contentsOf: Fixtures.url("train_ceiling.json"))
        XCTAssertEqual(try tokenizer.tokenizerJSON(), committed)
    }

    func testIDsMatchPythonTokenizersOnTheTrainedFile() throws {
        let (tokenizer, expected) = try trainOnCorpus()
        let strings = try XCTUnwrap(expected["strings"] as? [String])
        let ids = try XCTUnwrap(expected["ids"] as? [[Int]])
        XCTAssertEqual(strings.count, ids.count)
        let reloaded = try ByteLevelBPETokenizer.load(contentsOf: Fixtures.url("train_ceiling.json"))
        for (text, expectedIDs) in zip(strings, ids) {
            // Python matches special tokens everywhere.
            XCTAssertEqual(tokenizer.encode(text, allowedSpecial: ["<|endoftext|>"]), expectedIDs, text)
            XCTAssertEqual(reloaded.encode(text, allowedSpecial: ["<|endoftext|>"]), expectedIDs, text)
            XCTAssertEqual(try tokenizer.decode(expectedIDs), text)
        }
    }

    func testSpecialTokensTakeTheLastIDs() throws {
        let tokenizer = try ByteLevelBPETokenizer.train(text: "aaa bbb aaa bbb", vocabSize: 300, specialTokens: ["<a>", "<b>"])
        XCTAssertEqual(tokenizer.specialTokenID("<b>"), tokenizer.vocabSize - 1)
        XCTAssertEqual(tokenizer.specialTokenID("<a>"), tokenizer.vocabSize - 2)
        XCTAssertEqual(tokenizer.tokenBytes(0), Array("!".utf8))  // GPT-2 byte order
    }

    func testReachesTheRequestedSizeWhenPairsAllow() throws {
        let corpus = try String(contentsOf: Fixtures.url("train_corpus.txt"), encoding: .utf8)
        let tokenizer = try ByteLevelBPETokenizer.train(text: corpus, vocabSize: 400)
        XCTAssertEqual(tokenizer.vocabSize, 400)
        XCTAssertEqual(tokenizer.model.mergeList.count, 400 - 256 - 1)
    }

    func testTiesGoToTheSmallestBytes() throws {
        // " a" (2), "ab" (2) and "ba" (2) tie; the space byte 0x20 sorts first.
        let tokenizer = try ByteLevelBPETokenizer.train(text: "ba ba ab ab", vocabSize: 257, specialTokens: [])
        let first = try XCTUnwrap(tokenizer.model.mergeList.first)
        XCTAssertEqual(tokenizer.tokenBytes(Int(first.0)), [0x20])
        XCTAssertEqual(tokenizer.tokenBytes(Int(first.1)), [0x61])
        XCTAssertEqual(tokenizer.encode(" ab"), [256, Int(tokenizer.model.byteTokens[0x62])])
    }

    func testTrainingIsDeterministicAndStopsWithoutRepeatedPairs() throws {
        let a = try ByteLevelBPETokenizer.train(text: "one two", vocabSize: 1000)
        let b = try ByteLevelBPETokenizer.train(text: "one two", vocabSize: 1000)
        XCTAssertEqual(try a.tokenizerJSON(), try b.tokenizerJSON())
        XCTAssertEqual(a.vocabSize, 257)  // no pair occurs twice
    }

    func testSpecialTokensAreNotLearnedFrom() throws {
        let text = Array(repeating: "<|endoftext|>", count: 50).joined(separator: "x")
        let tokenizer = try ByteLevelBPETokenizer.train(text: text, vocabSize: 300)
        XCTAssertTrue(tokenizer.model.mergeList.isEmpty)
    }

    func testTrainingErrors() {
        XCTAssertThrowsError(try ByteLevelBPETokenizer.train(text: "x", vocabSize: 256)) { error in
            XCTAssertEqual(error as? TokenizerError, .vocabularyTooSmall(requested: 256, minimum: 257))
        }
        XCTAssertThrowsError(try ByteLevelBPETokenizer.train(text: "x", vocabSize: 300, specialTokens: [""])) { error in
            XCTAssertEqual(error as? TokenizerError, .invalidSpecialToken(token: "", reason: "empty"))
        }
        XCTAssertThrowsError(try ByteLevelBPETokenizer.train(text: "x", vocabSize: 300, specialTokens: ["<s>", "<s>"])) { error in
            XCTAssertEqual(error as? TokenizerError, .invalidSpecialToken(token: "<s>", reason: "listed twice"))
        }
    }
}
