import Foundation
import XCTest
@testable import Feedback

final class PreferenceReaderTests: XCTestCase {
    private func malformed(_ name: String) -> URL { PreferenceFixtures.url("malformed/\(name).jsonl") }

    private func assertReadFails(_ name: String, with expected: PreferenceDataError,
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try PreferenceReader.readAll(url: malformed(name)), file: file, line: line) { error in
            XCTAssertEqual(error as? PreferenceDataError, expected, file: file, line: line)
        }
    }

    func testInvalidJSONNamesTheLine() {
        let path = malformed("invalid-json").path
        assertReadFails("invalid-json", with: .invalidJSON(path: path, line: 2, reason: "Unexpected end of file during JSON parse."))
        XCTAssertEqual(PreferenceDataError.invalidJSON(path: "f.jsonl", line: 2, reason: "x").description, "f.jsonl:2: invalid JSON: x")
    }

    func testInvalidUTF8NamesTheByteOffset() {
        assertReadFails("invalid-utf8", with: .invalidJSON(path: malformed("invalid-utf8").path, line: 2,
                                                           reason: "not valid UTF-8 at byte 11 of the line"))
    }

    func testMissingFieldsAreNamed() {
        // Line 2 is blank: line numbers still count it.
        assertReadFails("missing-chosen", with: .missingField(path: malformed("missing-chosen").path, line: 3, field: "chosen"))
        assertReadFails("ranking-missing", with: .missingField(path: malformed("ranking-missing").path, line: 1, field: "ranking"))
        assertReadFails("message-missing-content",
                        with: .missingField(path: malformed("message-missing-content").path, line: 1, field: "chosen[1].content"))
        XCTAssertEqual(PreferenceDataError.missingField(path: "f", line: 3, field: "chosen").description, "f:3: missing field \"chosen\"")
    }

    func testWrongTypesAreNamed() {
        let text = "a string or an array of {\"role\", \"content\"} messages"
        assertReadFails("ranking-wrong-type", with: .wrongType(path: malformed("ranking-wrong-type").path, line: 1,
                                                               field: "ranking", expected: "an array, found a string"))
        assertReadFails("label-not-bool", with: .wrongType(path: malformed("label-not-bool").path, line: 1,
                                                           field: "label", expected: "true or false, found number"))
        assertReadFails("chosen-number", with: .wrongType(path: malformed("chosen-number").path, line: 1, field: "chosen", expected: text))
        assertReadFails("chosen-null", with: .wrongType(path: malformed("chosen-null").path, line: 1, field: "chosen",
                                                        expected: text + ", found null"))
        assertReadFails("annotator-number", with: .wrongType(path: malformed("annotator-number").path, line: 1,
                                                             field: "annotator", expected: "a string, found number"))
        assertReadFails("not-object", with: .notAnObject(path: malformed("not-object").path, line: 1))
    }

    func testBadRankingsAndScoresAreRejected() {
        assertReadFails("ranking-not-permutation", with: .invalidValue(path: malformed("ranking-not-permutation").path, line: 1,
            field: "ranking", reason: "[0, 0, 2] is not a permutation of 0..<3 (one index per completion, best first)"))
        assertReadFails("ranking-not-integer", with: .invalidValue(path: malformed("ranking-not-integer").path, line: 1,
            field: "ranking", reason: "element 1 is 1.5, not an index (a whole number)"))
        assertReadFails("ranking-one-completion", with: .invalidValue(path: malformed("ranking-one-completion").path, line: 1,
            field: "completions", reason: "needs at least 2 completions to rank, found 1"))
        assertReadFails("scores-count", with: .invalidValue(path: malformed("scores-count").path, line: 1,
            field: "scores", reason: "has 1 values but the record has 2 completions (chosen, rejected)"))
    }

    func testUnknownAndMixedFormatsAreRejected() {
        assertReadFails("unknown-format", with: .unrecognizedFormat(path: malformed("unknown-format").path, line: 1,
                                                                    keys: ["answer", "question"]))
        assertReadFails("mixed-formats", with: .mixedFormats(path: malformed("mixed-formats").path, line: 1,
                                                             keys: ["chosen", "completion", "label", "prompt", "rejected"]))
    }

    func testEmptyAndBlankFilesHoldNoRecordsButSummariesRefuseThem() throws {
        for name in ["empty", "blank-only"] {
            XCTAssertEqual(try PreferenceReader.readAll(url: malformed(name)), [], name)
            XCTAssertThrowsError(try validatePreferences(url: malformed(name))) { error in
                XCTAssertEqual(error as? PreferenceDataError, .noRecords(path: malformed(name).path))
            }
        }
    }

    func testMissingFilesAndFoldersAreUnreadable() throws {
        let missing = PreferenceFixtures.url("no-such-file.jsonl")
        XCTAssertThrowsError(try PreferenceReader(url: missing)) { error in
            XCTAssertEqual(error as? PreferenceDataError, .unreadableFile(path: missing.path, reason: "no such file"))
        }
        XCTAssertThrowsError(try PreferenceReader(url: PreferenceFixtures.folder)) { error in
            XCTAssertEqual(error as? PreferenceDataError, .unreadableFile(path: PreferenceFixtures.folder.path, reason: "it is a directory"))
        }
    }

    func testCRLFLineEndingsAndBlankCRLFLines() throws {
        var lines: [Int] = []
        try PreferenceReader(url: PreferenceFixtures.url("crlf.jsonl")).forEach { line, _ in lines.append(line) }
        XCTAssertEqual(lines, [1, 3])
        XCTAssertEqual(try PreferenceReader.readAll(url: PreferenceFixtures.url("crlf.jsonl")), [
            .pair(PreferencePair(prompt: .text("p1"), chosen: .text("c1"), rejected: .text("r1"))),
            .pair(PreferencePair(prompt: .text("p2"), chosen: .text("c2"), rejected: .text("r2"))),
        ])
    }

    func testAByteOrderMarkOnLineOneAndNoFinalNewline() throws {
        let records = try PreferenceReader.readAll(url: PreferenceFixtures.url("bom.jsonl"))
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records.first?.prompt, .text("p1"))
        XCTAssertEqual(records.last?.prompt, .text("p2"))
        var firstBytes: [UInt8] = []
        try JSONLReader(url: PreferenceFixtures.url("bom.jsonl")).forEachLine { line, data in
            if line == 1 { firstBytes = Array(data.prefix(3)) }
        }
        XCTAssertEqual(firstBytes, Array(#"{"p"#.utf8))
    }

    /// Files joined with `cat` carry a byte-order mark at the start of a later line.
    func testAByteOrderMarkStartingALaterLineIsTolerated() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("joined.jsonl")
        let bom = "\u{FEFF}"
        try Data("\(bom){\"chosen\":\"c1\",\"rejected\":\"r\"}\n\(bom){\"chosen\":\"c2\",\"rejected\":\"r\"}\n".utf8).write(to: url)
        var lines: [Int: Data] = [:]
        try JSONLReader(url: url).forEachLine { lines[$0] = $1 }
        XCTAssertEqual(lines[2].map { Array($0.prefix(1)) }, [UInt8(ascii: "{")])
        XCTAssertEqual(try PreferenceReader.readAll(url: url).map(\.format), [.implicit, .implicit])
    }

    func testLinesSplitAcrossTinyChunksReadTheSame() throws {
        for name in ["mixed", "crlf", "bom", "standard"] {
            var reader = try JSONLReader(url: PreferenceFixtures.url("\(name).jsonl"))
            var whole: [Int: Data] = [:]
            try reader.forEachLine { whole[$0] = $1 }
            for chunkSize in [1, 2, 3, 7, 64] {
                reader.chunkSize = chunkSize
                var chunked: [Int: Data] = [:]
                try reader.forEachLine { chunked[$0] = $1 }
                XCTAssertEqual(chunked, whole, "\(name) with chunks of \(chunkSize)")
            }
        }
    }

    /// 100,000 lines written and then streamed back: every record arrives once, in order.
    func testStreamsALargeFile() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("large.jsonl")
        let count = 100_000
        let writer = try JSONLWriter(url: url)
        for index in 0..<count {
            try writer.write(PreferenceRecord.pair(PreferencePair(prompt: .text("prompt \(index)"),
                chosen: .text("chosen \(index)"), rejected: .text("rejected"), family: "f\(index % 5)")))
        }
        try writer.finish()
        var seen = 0
        var linesInOrder = true
        try PreferenceReader(url: url).forEach { line, record in
            seen += 1
            if line != seen || record.prompt != .text("prompt \(line - 1)") { linesInOrder = false }
        }
        XCTAssertEqual(seen, count)
        XCTAssertTrue(linesInOrder)
        let report = try validatePreferences(url: url)
        XCTAssertEqual(report.records, count)
        XCTAssertEqual(report.issueCount, 0)
    }
}


/// Fixtures of the preference-data tests: Tests/Fixtures/preferences/.
enum PreferenceFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/preferences")

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }
}

/// A fresh, empty folder under the system temporary directory, removed by the test's teardown.
func makeScratchFolder(_ testCase: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("ceiling-pref-\(ProcessInfo.processInfo.globallyUniqueString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}
