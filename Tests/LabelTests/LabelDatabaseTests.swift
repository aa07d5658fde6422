import Foundation
import GRDB
import XCTest
@testable import Label

final class LabelDatabaseTests: XCTestCase {
    func testMigrationsAreRecordedAndDataSurvivesReopening() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("l.sqlite")
        do {
            let database = try LabelDatabase(path: path)
            let value6 = try await database.appliedMigrations()
            XCTAssertEqual(value6, ["v1 tasks, annotators, queues, labels", "v2 label counts per task"])
            let value7 = try await database.addTasks(Fixtures.pairTasks(3))
            XCTAssertEqual(value7, 3)
            _ = try await database.addAnnotator(name: "ann")
        }
        let reopened = try LabelDatabase(path: path)
        let value8 = try await reopened.addTasks(Fixtures.pairTasks(4))
        XCTAssertEqual(value8, 1, "reloading adds only the new task")
        let value9 = try await reopened.tasks().map(\.task.key)
        XCTAssertEqual(value9, ["p0", "p1", "p2", "p3"])
        let value10 = try await reopened.snapshot().annotators
        XCTAssertEqual(value10, ["ann"])
    }

    func testUpgradingAVersion1DatabaseBackfillsLabelCounts() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path("old.sqlite")
        do {
            let old = try DatabaseQueue(path: path)
            try LabelDatabase.migrator.migrate(old, upTo: "v1 tasks, annotators, queues, labels")
            try await old.write { db in
                try db.execute(sql: """
                    INSERT INTO task (id, key, prompt, completions) VALUES (1, 'a', 'p', '["x","y"]'), (2, 'b', 'q', '["x","y"]');
                    INSERT INTO annotator (id, name, token_hash, created_at) VALUES (1, 'u', 'h1', 0), (2, 'v', 'h2', 0);
                    INSERT INTO label (annotator_id, task_id, ranking, created_at, source) VALUES (1, 1, '[0,1]', 0, 'web'), (2, 1, '[1,0]', 0, 'web');
                    """)
            }
        }
        let upgraded = try LabelDatabase(path: path)
        let counts = try await upgraded.read { db in try Int.fetchAll(db, sql: "SELECT label_count FROM task ORDER BY id") }
        XCTAssertEqual(counts, [2, 0])
        try await upgraded.write { db in
            try db.execute(sql: "INSERT INTO label (annotator_id, task_id, ranking, created_at, source) VALUES (1, 2, '[0,1]', 0, 'web')")
        }
        let after = try await upgraded.read { db in try Int.fetchAll(db, sql: "SELECT label_count FROM task ORDER BY id") }
        XCTAssertEqual(after, [2, 1], "the trigger counts new labels")
    }

    func testUnopenableDatabaseIsATypedError() throws {
        XCTAssertThrowsError(try LabelDatabase(path: "/nonexistent-folder/x.sqlite")) { error in
            guard case .database(let path, _) = error as? LabelError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "/nonexistent-folder/x.sqlite")
        }
    }

    func testTokensAreStoredOnlyAsHashes() async throws {
        let folder = try TemporaryFolder()
        let database = try LabelDatabase(path: folder.path("l.sqlite"))
        let token = try await database.addAnnotator(name: "ann")
        let admin = try await database.addAnnotator(name: "boss", isAdmin: true)
        let stored = try await database.read { db in try String.fetchAll(db, sql: "SELECT token_hash FROM annotator ORDER BY id") }
        XCTAssertEqual(stored, [SHA256.hex(token), SHA256.hex(admin)])
        let raw = try Data(contentsOf: URL(fileURLWithPath: folder.path("l.sqlite")))
            + ((try? Data(contentsOf: URL(fileURLWithPath: folder.path("l.sqlite-wal")))) ?? Data())
        XCTAssertNil(raw.range(of: Data(token.utf8)), "the token itself is nowhere in the database files")
        let value11 = try await database.account(token: token)?.name
        XCTAssertEqual(value11, "ann")
        let value12 = try await database.account(token: admin)?.isAdmin
        XCTAssertEqual(value12, true)
        let value13 = try await database.account(token: token + "x")
        XCTAssertNil(value13)
    }

    func testAnnotatorNamesAreCheckedAndUnique() async throws {
        let folder = try TemporaryFolder()
        let database = try LabelDatabase(path: folder.path("l.sqlite"))
        _ = try await database.addAnnotator(name: "ann")
        for (name, reason) in [("ann", "the name is already taken"), ("", "a name has 1 to 64 characters and no surrounding spaces"),
                               (" ann", "a name has 1 to 64 characters and no surrounding spaces"),
                               (String(repeating: "x", count: 65), "a name has 1 to 64 characters and no surrounding spaces")] {
            do {
                _ = try await database.addAnnotator(name: name)
                XCTFail("accepted \(name)")
            } catch let error as LabelError {
                XCTAssertEqual(error, .invalidAnnotator(name: name, reason: reason))
            }
        }
        let value14 = try await rowCount(database, "annotator")
        XCTAssertEqual(value14, 1)
    }
}
