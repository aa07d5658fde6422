import Foundation
import XCTest
@testable import Feedback

final class PreferenceWriterTests: XCTestCase {
    private let record = PreferenceRecord.pair(PreferencePair(prompt: .text("p"), chosen: .text("c"), rejected: .text("r")))

    private func contents(of folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    func testAnUnfinishedWriterLeavesNoTargetAndNoTemporaryFile() throws {
        let folder = try makeScratchFolder(self)
        let url = folder.appendingPathComponent("out.jsonl")
        do {
            let writer = try JSONLWriter(url: url)
            for _ in 0..<10_000 { try writer.write(record) }   // more than one flush
            XCTAssertEqual(try contents(of: folder), [writer.temporaryURL.lastPathComponent])
        }
        XCTAssertEqual(try contents(of: folder), [])
    }

    func testFinishLeavesOnlyTheTarget() throws {
        let folder = try makeScratchFolder(self)
        let url = folder.appendingPathComponent("out.jsonl")
        let writer = try JSONLWriter(url: url)
        try writer.write(record)
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
        try writer.finish()
        XCTAssertEqual(try contents(of: folder), ["out.jsonl"])
        XCTAssertEqual(try PreferenceReader.readAll(url: url), [record])
    }

    func testCancelKeepsTheOldTargetAndFinishReplacesIt() throws {
        let folder = try makeScratchFolder(self)
        let url = folder.appendingPathComponent("out.jsonl")
        try Data("old\n".utf8).write(to: url)
        let cancelled = try JSONLWriter(url: url)
        try cancelled.write(record)
        cancelled.cancel()
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "old\n")
        XCTAssertEqual(try contents(of: folder), ["out.jsonl"])
        let replacing = try JSONLWriter(url: url)
        try replacing.write(record)
        try replacing.finish()
        XCTAssertEqual(try PreferenceReader.readAll(url: url), [record])
        XCTAssertEqual(try contents(of: folder), ["out.jsonl"])
    }

    func testAFinishedWriterRefusesMoreWork() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("out.jsonl")
        let writer = try JSONLWriter(url: url)
        try writer.finish()
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "")
        let expected = PreferenceDataError.writeFailed(path: url.path, reason: "the writer is already finished or cancelled")
        XCTAssertThrowsError(try writer.write(record)) { XCTAssertEqual($0 as? PreferenceDataError, expected) }
        XCTAssertThrowsError(try writer.finish()) { XCTAssertEqual($0 as? PreferenceDataError, expected) }
    }

    func testAMissingFolderIsAWriteError() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("missing/out.jsonl")
        XCTAssertThrowsError(try JSONLWriter(url: url)) { error in
            guard case PreferenceDataError.writeFailed(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, url.path)
        }
    }

    func testTwoWritersToOneTargetUseDifferentTemporaryFiles() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("out.jsonl")
        let first = try JSONLWriter(url: url), second = try JSONLWriter(url: url)
        XCTAssertNotEqual(first.temporaryURL, second.temporaryURL)
        XCTAssertEqual(first.temporaryURL.deletingLastPathComponent(), url.deletingLastPathComponent())
    }
}
