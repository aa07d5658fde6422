import Foundation
import GRDB
import XCTest
@testable import Label

final class QueueTests: XCTestCase {
    func makeDatabase(_ folder: TemporaryFolder, tasks: [LabelTask], annotators: [String]) async throws -> (LabelDatabase, [Int64]) {
        let database = try LabelDatabase(path: folder.path("l-\(UUID().uuidString).sqlite"))
        try await database.addTasks(tasks)
        var ids: [Int64] = []
        for name in annotators {
            let token = try await database.addAnnotator(name: name)
            ids.append(try await unwrapAsync(try await database.account(token: token)).id)
        }
        return (database, ids)
    }

    func queueOrder(_ database: LabelDatabase, _ id: Int64) async throws -> [Int64] {
        try await database.read { db in try Int64.fetchAll(db, sql: "SELECT task_id FROM queue WHERE annotator_id = ? ORDER BY position", arguments: [id]) }
    }

    func testQueueOrderIsRandomizedPerAnnotatorRecordedAndSeeded() async throws {
        let folder = try TemporaryFolder()
        let settings = LabelSettings(overlap: 1, qaRate: 0, seed: 7)
        let (first, ids) = try await makeDatabase(folder, tasks: Fixtures.pairTasks(20), annotators: ["a", "b"])
        let (second, _) = try await makeDatabase(folder, tasks: Fixtures.pairTasks(20), annotators: ["a", "b"])
        for id in ids {
            try await first.ensureQueue(annotatorID: id, settings: settings)
            try await second.ensureQueue(annotatorID: id, settings: settings)
        }
        let a = try await queueOrder(first, ids[0]), b = try await queueOrder(first, ids[1])
        XCTAssertEqual(a.sorted(), Array(1...20))
        XCTAssertNotEqual(a, b, "each annotator has their own order")
        XCTAssertNotEqual(a, Array(1...20))
        let again = try await queueOrder(second, ids[0])
        XCTAssertEqual(again, a, "same seed, same order")
        let (third, thirdIDs) = try await makeDatabase(folder, tasks: Fixtures.pairTasks(20), annotators: ["a"])
        try await third.ensureQueue(annotatorID: thirdIDs[0], settings: LabelSettings(overlap: 1, qaRate: 0, seed: 8))
        let otherSeed = try await queueOrder(third, thirdIDs[0])
        XCTAssertNotEqual(otherSeed, a, "another seed, another order")
        try await first.ensureQueue(annotatorID: ids[0], settings: settings)
        let value5 = try await queueOrder(first, ids[0])
        XCTAssertEqual(value5, a, "ensuring again changes nothing")
        let item = try await unwrapAsync(try await first.nextItem(annotatorID: ids[0], settings: settings))
        XCTAssertEqual(item.task.id, a[0])
        XCTAssertEqual(item.shownOrder.sorted(), [0, 1])
        let reload = try await unwrapAsync(try await first.nextItem(annotatorID: ids[0], settings: settings))
        XCTAssertEqual(reload, item, "a pending item is shown again, in the recorded order")
        let recorded = try await first.read { db in
            try String.fetchOne(db, sql: "SELECT shown_order FROM assignment WHERE annotator_id = ? AND task_id = ?", arguments: [ids[0], item.task.id])
        }
        XCTAssertEqual(recorded, String(decoding: try JSONEncoder().encode(item.shownOrder), as: UTF8.self))
    }

    func testShownOrdersAreShuffled() async throws {
        let folder = try TemporaryFolder()
        let tasks = (0..<40).map { LabelTask(key: "k\($0)", prompt: "p\($0)", completions: ["a", "b", "c"]) }
        let (database, ids) = try await makeDatabase(folder, tasks: tasks, annotators: ["a"])
        let settings = LabelSettings(overlap: 1, qaRate: 0, seed: 3)
        try await database.ensureQueue(annotatorID: ids[0], settings: settings)
        var orders = Set<[Int]>()
        for _ in 0..<40 {
            let item = try await unwrapAsync(try await database.nextItem(annotatorID: ids[0], settings: settings))
            orders.insert(item.shownOrder)
            try await database.submit(LabelSubmission(taskID: item.task.id, positions: [1, 2, 3]), annotatorID: ids[0], settings: settings)
        }
        XCTAssertEqual(orders.count, 6, "all 3! orders occur over 40 items")
        let firstShownChosen = LabelStatistics(snapshot: try await database.snapshot(), overlap: 1).firstShownChosen
        XCTAssertEqual(firstShownChosen.rate, 1, "always picking position 1 is a 100% position bias")
    }

    func testOverlapGivesEachTaskToRAnnotatorsThenStops() async throws {
        let folder = try TemporaryFolder()
        let (database, ids) = try await makeDatabase(folder, tasks: Fixtures.pairTasks(3), annotators: ["a", "b", "c"])
        let settings = LabelSettings(overlap: 2, qaRate: 0, seed: 1)
        for id in ids.prefix(2) {
            try await database.ensureQueue(annotatorID: id, settings: settings)
            var progress: [String] = []
            while let item = try await database.nextItem(annotatorID: id, settings: settings) {
                progress.append("\(item.done + 1) of \(item.total)")
                try await database.submit(LabelSubmission(taskID: item.task.id, positions: [2]), annotatorID: id, settings: settings)
            }
            XCTAssertEqual(progress, ["1 of 3", "2 of 3", "3 of 3"])
        }
        try await database.ensureQueue(annotatorID: ids[2], settings: settings)
        let third = try await database.nextItem(annotatorID: ids[2], settings: settings)
        XCTAssertNil(third, "every task has its 2 labels")
        let statistics = LabelStatistics(snapshot: try await database.snapshot(), overlap: 2)
        XCTAssertEqual(statistics.tasksAtOverlap, 3)
        XCTAssertEqual(statistics.labels, 6)
    }

    func testQAItemsAppearAtTheSetRateAndAreScored() async throws {
        let folder = try TemporaryFolder()
        let qa = (0..<60).map { LabelTask(key: "qa\($0)", prompt: "check \($0)", completions: ["wrong", "right"], goldBest: 1) }
        let (database, ids) = try await makeDatabase(folder, tasks: Fixtures.pairTasks(200) + qa, annotators: ["a"])
        let settings = LabelSettings(overlap: 1, qaRate: 0.2, seed: 5)
        try await database.ensureQueue(annotatorID: ids[0], settings: settings)
        var qaSeen = 0
        for _ in 0..<150 {
            let item = try await unwrapAsync(try await database.nextItem(annotatorID: ids[0], settings: settings))
            if item.task.task.isQA { qaSeen += 1 }
            // Pick "right" on QA items shown with it first, "wrong" otherwise: accuracy = share shown first.
            try await database.submit(LabelSubmission(taskID: item.task.id, positions: [1]), annotatorID: ids[0], settings: settings)
        }
        XCTAssertEqual(Double(qaSeen) / 150, 0.2, accuracy: 0.08)
        let statistics = LabelStatistics(snapshot: try await database.snapshot(), overlap: 1)
        XCTAssertEqual(statistics.qaAccuracy.count, qaSeen)
        let shownRightFirst = try await database.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM label l JOIN task t ON t.id = l.task_id WHERE t.gold_best IS NOT NULL AND l.shown_order = '[1,0]'
                """) ?? -1
        }
        XCTAssertEqual(statistics.qaAccuracy.hits, shownRightFirst)
        XCTAssertEqual(statistics.annotators.first?.qaAccuracy, statistics.qaAccuracy)
        XCTAssertEqual(statistics.tasks, 200)
        XCTAssertEqual(statistics.qaTasks, 60)
    }
}
