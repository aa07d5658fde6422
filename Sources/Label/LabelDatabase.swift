import Foundation
import GRDB

/// The labeling database (SQLite through GRDB): the single source of truth for tasks, annotators,
/// queues, shown orders, labels and skips. Opening it applies any pending migration.
public struct LabelDatabase: Sendable {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw LabelError.database(path: path, reason: error.message ?? "\(error)")
        } catch {
            throw LabelError.database(path: path, reason: "\(error)")
        }
    }

    /// Schema versions, applied in order and recorded by GRDB in `grdb_migrations`.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 tasks, annotators, queues, labels") { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE task (
                    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, prompt TEXT NOT NULL,
                    completions TEXT NOT NULL, family TEXT, gold_best INTEGER, scores TEXT);
                CREATE TABLE annotator (
                    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, token_hash TEXT NOT NULL UNIQUE,
                    is_admin INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
                CREATE TABLE queue (
                    annotator_id INTEGER NOT NULL REFERENCES annotator(id), position INTEGER NOT NULL,
                    task_id INTEGER NOT NULL REFERENCES task(id),
                    PRIMARY KEY (annotator_id, position), UNIQUE (annotator_id, task_id));
                CREATE TABLE assignment (
                    annotator_id INTEGER NOT NULL REFERENCES annotator(id), task_id INTEGER NOT NULL REFERENCES task(id),
                    shown_order TEXT NOT NULL, shown_at REAL NOT NULL, PRIMARY KEY (annotator_id, task_id));
                CREATE TABLE label (
                    id INTEGER PRIMARY KEY, annotator_id INTEGER NOT NULL REFERENCES annotator(id),
                    task_id INTEGER NOT NULL REFERENCES task(id), ranking TEXT NOT NULL, shown_order TEXT,
                    confidence INTEGER, reason TEXT, seconds REAL, created_at REAL NOT NULL, source TEXT NOT NULL,
                    UNIQUE (annotator_id, task_id));
                CREATE INDEX label_task ON label(task_id);
                CREATE TABLE skip (
                    annotator_id INTEGER NOT NULL REFERENCES annotator(id), task_id INTEGER NOT NULL REFERENCES task(id),
                    reason TEXT NOT NULL, created_at REAL NOT NULL, PRIMARY KEY (annotator_id, task_id));
                """)
        }
        migrator.registerMigration("v2 label counts per task") { db in
            // Keeps "does this task still need labels?" an indexed column instead of a COUNT per task.
            try db.execute(sql: """
                ALTER TABLE task ADD COLUMN label_count INTEGER NOT NULL DEFAULT 0;
                UPDATE task SET label_count = (SELECT COUNT(*) FROM label WHERE label.task_id = task.id);
                CREATE TRIGGER label_counted AFTER INSERT ON label BEGIN
                    UPDATE task SET label_count = label_count + 1 WHERE id = NEW.task_id;
                END;
                CREATE INDEX task_open ON task(gold_best, label_count);
                """)
        }
        return migrator
    }

    /// Runs `body` in a write transaction, turning SQLite errors into `LabelError.database`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.write(body) } catch let error as DatabaseError {
            throw LabelError.database(path: path, reason: error.message ?? "\(error)")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.read(body) } catch let error as DatabaseError {
            throw LabelError.database(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// Names of the applied migrations, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in try Self.migrator.appliedMigrations(db) }
    }

    // MARK: settings kept in the database

    func meta(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    /// The secret CSRF tokens are derived from: made once (system CSPRNG), then kept.
    public func csrfSecret() async throws -> String {
        try await write { db in
            if let secret = try meta(db, "csrf_secret") { return secret }
            let secret = AccessToken.generate()
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('csrf_secret', ?)", arguments: [secret])
            return secret
        }
    }
}

extension LabelDatabase {
    /// Remembers the overlap the server last ran with, so `label stats` reports against it.
    public func recordOverlap(_ overlap: Int) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('overlap', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [String(overlap)])
        }
    }

    /// The overlap last recorded by `serve`, or 1.
    public func recordedOverlap() async throws -> Int {
        try await read { db in try meta(db, "overlap").flatMap(Int.init) ?? 1 }
    }
}
