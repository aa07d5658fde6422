import Foundation
import XCTest
@testable import Label

final class SubmissionTests: XCTestCase {
    func testRefusalsWriteNothingAndNameTheProblem() async throws {
        let folder = try TemporaryFolder()
        let database = try LabelDatabase(path: folder.path("l.sqlite"))
        try await database.addTasks(Fixtures.pairTasks(2) + [LabelTask(key: "r", prompt: "rank", completions: ["a", "b", "c"])])
        let id = try await unwrapAsync(try await database.account(token: database.addAnnotator(name: "a"))).id
        let settings = LabelSettings(overlap: 1, qaRate: 0, seed: 1)
        try await database.ensureQueue(annotatorID: id, settings: settings)
        let item = try await unwrapAsync(try await database.nextItem(annotatorID: id, settings: settings))
        let other = (try await database.tasks()).first { $0.id != item.task.id }!.id
        let long = String(repeating: "é", count: 1001)
        let cases: [(LabelSubmission, LabelRequestError)] = [
            (LabelSubmission(taskID: 99, positions: [1]), .notFound("unknown task 99")),
            (LabelSubmission(taskID: other, positions: [1]), .conflict("task \(other) is not in your queue yet")),
            (LabelSubmission(taskID: item.task.id, positions: [3]), .badRequest(item.task.task.completions.count == 2
                ? "ranking must list each of the positions 1 to 2 once, got [3]" : "ranking must list each of the positions 1 to 3 once, got [3]")),
            (LabelSubmission(taskID: item.task.id, positions: [1], confidence: 5), .badRequest("confidence must be 1 to 4, got 5")),
            (LabelSubmission(taskID: item.task.id, positions: [1], reason: long), .badRequest("reason is 1001 characters; at most 1000 are accepted")),
        ]
        for (submission, expected) in cases {
            do {
                try await database.submit(submission, annotatorID: id, settings: settings)
                XCTFail("accepted \(submission)")
            } catch let error as LabelRequestError {
                XCTAssertEqual(error, expected)
            }
        }
        do {
            try await database.skip(taskID: item.task.id, reason: "  ", annotatorID: id, settings: settings)
            XCTFail("skip without a reason")
        } catch let error as LabelRequestError { XCTAssertEqual(error, .badRequest("a skip needs a reason")) }
        let value1 = try await rowCount(database, "label")
        XCTAssertEqual(value1, 0)
        let value2 = try await rowCount(database, "skip")
        XCTAssertEqual(value2, 0)

        let k = item.task.task.completions.count
        try await database.submit(LabelSubmission(taskID: item.task.id, positions: Array((1...k).reversed()), confidence: 2, reason: " ok "),
                                  annotatorID: id, settings: settings)
        do {
            try await database.submit(LabelSubmission(taskID: item.task.id, positions: Array(1...k)), annotatorID: id, settings: settings)
            XCTFail("double submission accepted")
        } catch let error as LabelRequestError {
            XCTAssertEqual(error, .conflict("task \(item.task.id) was already answered (double submission)"))
        }
        do {
            try await database.skip(taskID: item.task.id, reason: "late", annotatorID: id, settings: settings)
            XCTFail("skip after label accepted")
        } catch let error as LabelRequestError { XCTAssertEqual(error.status, 409) }
        let labels = try await database.snapshot().labels
        XCTAssertEqual(labels.count, 1)
        XCTAssertEqual(labels[0].ranking, item.shownOrder.reversed(), "positions map through the shown order")
        XCTAssertEqual(labels[0].confidence, 2)
        XCTAssertEqual(labels[0].reason, "ok")
        let value3 = try await rowCount(database, "skip")
        XCTAssertEqual(value3, 0)
    }

    func testTimePerItemRunsFromFirstShownToSubmitted() async throws {
        let folder = try TemporaryFolder()
        let database = try LabelDatabase(path: folder.path("l.sqlite"))
        try await database.addTasks(Fixtures.pairTasks(2))
        let id = try await unwrapAsync(try await database.account(token: database.addAnnotator(name: "a"))).id
        let settings = LabelSettings(overlap: 1, qaRate: 0, seed: 1)
        try await database.ensureQueue(annotatorID: id, settings: settings)
        let start = Date(timeIntervalSince1970: 1_000_000)
        let item = try await unwrapAsync(try await database.nextItem(annotatorID: id, settings: settings, now: start))
        _ = try await database.nextItem(annotatorID: id, settings: settings, now: start.addingTimeInterval(5)) // a reload
        try await database.submit(LabelSubmission(taskID: item.task.id, positions: [1]), annotatorID: id, settings: settings,
                                  now: start.addingTimeInterval(12.5))
        let second = try await unwrapAsync(try await database.nextItem(annotatorID: id, settings: settings, now: start.addingTimeInterval(20)))
        try await database.skip(taskID: second.task.id, reason: "unclear prompt", annotatorID: id, settings: settings)
        let snapshot = try await database.snapshot()
        XCTAssertEqual(snapshot.labels.first?.seconds, 12.5)
        XCTAssertEqual(snapshot.skips, ["a": 1])
        let statistics = LabelStatistics(snapshot: snapshot, overlap: 1)
        XCTAssertEqual(statistics.annotators.first?.medianSeconds, 12.5)
        XCTAssertEqual(statistics.annotators.first?.skips, 1)
        let value4 = try await database.nextItem(annotatorID: id, settings: settings)
        XCTAssertNil(value4)
    }
}
