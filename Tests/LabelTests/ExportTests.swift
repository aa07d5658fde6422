import Foundation
import XCTest
import Feedback
@testable import Label

final class ExportTests: XCTestCase {
    func testPerAnnotatorRowsReadBackAsPreferencesWithConfidenceAndReason() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("prefs.jsonl")
        let summary = try LabelExport.write(HandExample.snapshot, mode: .annotator, to: url)
        XCTAssertEqual(summary, LabelExport.Summary(rows: 6, ties: 0, qaLabels: 2))
        let records = try PreferenceReader.readAll(url: url)
        XCTAssertEqual(records.map(\.format), [.standard, .standard, .standard, .standard, .standard, .ranking])
        guard case .pair(let first) = records[0] else { return XCTFail("not a pair") }
        XCTAssertEqual(first.chosen, .text("b c"))
        XCTAssertEqual(first.rejected, .text("a"))
        XCTAssertEqual(first.annotator, "ann")
        XCTAssertEqual(first.family, "f")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines[0], #"{"annotator":"ann","chosen":"b c","confidence":4,"family":"f","prompt":"p1","reason":"clearer","rejected":"a"}"#)
        guard case .ranking(let ranked) = records[5] else { return XCTFail("not a ranking") }
        XCTAssertEqual(ranked.ranking, [0, 2, 1])
        XCTAssertEqual(try LabelExport.write(HandExample.snapshot, mode: .annotator, includeQA: true, to: url).rows, 8)
    }

    func testMajorityRowsVoteAndLeaveTiesOut() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("majority.jsonl")
        let summary = try LabelExport.write(HandExample.snapshot, mode: .majority, to: url)
        XCTAssertEqual(summary, LabelExport.Summary(rows: 2, ties: 1, qaLabels: 2))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines[0], #"{"agreement":0.6666666666666666,"annotator":"majority","chosen":"b c","family":"f","prompt":"p1","rejected":"a","votes":3}"#)
        XCTAssertEqual(try PreferenceReader.readAll(url: url).count, 2)
        XCTAssertEqual(LabelExport.bordaRanking([[0, 1, 2], [1, 0, 2], [0, 2, 1]], k: 3), [0, 1, 2])
        XCTAssertNil(LabelExport.bordaRanking([[0, 1], [1, 0]], k: 2))
    }

    func testNothingToExportIsAnErrorAndLeavesNoFile() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("empty.jsonl")
        var snapshot = HandExample.snapshot
        snapshot.labels = []
        XCTAssertThrowsError(try LabelExport.write(snapshot, mode: .annotator, to: url)) { error in
            XCTAssertEqual(error as? LabelError, .nothingToExport(path: url.path))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
        XCTAssertThrowsError(try LabelExport.write(HandExample.snapshot, mode: .annotator, to: folder.url.appendingPathComponent("no/dir.jsonl")))
    }
}
