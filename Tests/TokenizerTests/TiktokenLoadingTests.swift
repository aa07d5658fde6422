import Foundation
import XCTest
@testable import Tokenizer

final class TiktokenLoadingTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws { directory = try Fixtures.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// All 256 single bytes as ranks 0…255, then `extra` lines.
    func rankFile(_ extra: [String]) throws -> URL {
        var lines = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        lines += extra
        let url = directory.appendingPathComponent("test.tiktoken")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func b64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    func testSmallRankFileMergesByRank() throws {
        let url = try rankFile(["\(b64("ab")) 256", "\(b64("bc")) 257", "\(b64("abc")) 258"])
        let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: url)
        XCTAssertEqual(tokenizer.encode("abc"), [258])
        XCTAssertEqual(tokenizer.encode("abcb"), [258, 98])  // ab (256) first, then ab+c is the token abc
        XCTAssertEqual(tokenizer.encode("bcab"), [257, 256])
        XCTAssertEqual(tokenizer.specialTokenID("<|endoftext|>"), 259)
        XCTAssertEqual(tokenizer.vocabSize, 260)
    }

    func testCustomSpecialTokens() throws {
        let url = try rankFile([])
        let tokenizer = try ByteLevelBPETokenizer.loadTiktoken(contentsOf: url, specialTokens: ["<s>": 300])
        XCTAssertEqual(tokenizer.encode("x<s>", allowedSpecial: ["<s>"]), [120, 300])
        XCTAssertNil(tokenizer.specialTokenID("<|endoftext|>"))
        XCTAssertThrowsError(try ByteLevelBPETokenizer.loadTiktoken(contentsOf: url, specialTokens: ["": 300])) { error in
            XCTAssertEqual(error as? TokenizerError, .invalidSpecialToken(token: "", reason: "empty"))
        }
        XCTAssertThrowsError(try ByteLevelBPETokenizer.loadTiktoken(contentsOf: url, specialTokens: ["<s>": 5])) { error in
            guard case .invalidSpecialToken(token: "<s>", _)? = error as? TokenizerError else { return XCTFail("\(error)") }
        }
    }

    func assertRankLineError(_ extra: [String], line: Int, _ fragment: String, file: StaticString = #filePath, lineNumber: UInt = #line) throws {
        let url = try rankFile(extra)
        XCTAssertThrowsError(try ByteLevelBPETokenizer.load(contentsOf: url), file: file, line: lineNumber) { error in
            guard case let .malformedRankLine(path, reportedLine, reason)? = error as? TokenizerError else {
                return XCTFail("unexpected \(error)", file: file, line: lineNumber)
            }
            XCTAssertEqual(path, url.path, file: file, line: lineNumber)
            XCTAssertEqual(reportedLine, line, file: file, line: lineNumber)
            XCTAssertTrue(reason.contains(fragment), reason, file: file, line: lineNumber)
        }
    }

    func testMalformedLinesNameTheLine() throws {
        try assertRankLineError(["\(b64("ab")) 256 extra"], line: 257, "field")
        try assertRankLineError(["\(b64("ab")) x"], line: 257, "rank")
        try assertRankLineError(["\(b64("ab")) -3"], line: 257, "rank")
        try assertRankLineError(["!!!! 256"], line: 257, "base64")
        try assertRankLineError(["\(b64("ab")) 256", "\(b64("cd")) 256"], line: 258, "rank 256 appears twice")
        try assertRankLineError(["\(b64("ab")) 256", "\(b64("ab")) 257"], line: 258, "token appears twice")
    }

    func testMissingByteIsAnError() throws {
        let url = directory.appendingPathComponent("partial.tiktoken")
        try "YQ== 0\nYg== 1\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ByteLevelBPETokenizer.load(contentsOf: url)) { error in
            guard case .invalidField(_, "ranks", let reason)? = error as? TokenizerError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("0x0"), reason)
        }
    }

    func testUnrecognizedAndUnreadableFiles() throws {
        let url = directory.appendingPathComponent("notes.txt")
        try "hello there\nthis is prose".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ByteLevelBPETokenizer.load(contentsOf: url)) { error in
            XCTAssertEqual(error as? TokenizerError, .unrecognizedFormat(path: url.path))
        }
        let empty = directory.appendingPathComponent("empty")
        try Data().write(to: empty)
        XCTAssertThrowsError(try ByteLevelBPETokenizer.load(contentsOf: empty)) { error in
            XCTAssertEqual(error as? TokenizerError, .unrecognizedFormat(path: empty.path))
        }
        let missing = directory.appendingPathComponent("missing.json")
        XCTAssertThrowsError(try ByteLevelBPETokenizer.load(contentsOf: missing)) { error in
            guard case .unreadableFile(missing.path, _)? = error as? TokenizerError else { return XCTFail("\(error)") }
        }
    }
}
