import Foundation
import GRDB

/// An account: an annotator, or an admin who sees progress and statistics.
public struct LabelAccount: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var isAdmin: Bool
    public var tokenHash: String
}

extension LabelDatabase {
    /// Creates an account and returns its token (shown once; only its hash is stored).
    public func addAnnotator(name: String, isAdmin: Bool = false, now: Date = Date()) async throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 64, trimmed == name else {
            throw LabelError.invalidAnnotator(name: name, reason: "a name has 1 to 64 characters and no surrounding spaces")
        }
        let token = AccessToken.generate()
        try await write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM annotator WHERE name = ?", arguments: [name]) != nil {
                throw LabelError.invalidAnnotator(name: name, reason: "the name is already taken")
            }
            try db.execute(sql: "INSERT INTO annotator (name, token_hash, is_admin, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, AccessToken.hash(token), isAdmin, now.timeIntervalSince1970])
        }
        return token
    }

    /// The account a token belongs to, or nil.
    public func account(token: String) async throws -> LabelAccount? {
        guard token.count <= 200 else { return nil }
        let hash = AccessToken.hash(token)
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, is_admin, token_hash FROM annotator WHERE token_hash = ?", arguments: [hash])
                .map { LabelAccount(id: $0["id"], name: $0["name"], isAdmin: $0["is_admin"], tokenHash: $0["token_hash"]) }
        }
    }

    /// Id of the named annotator, creating a login-less account (for imported labels) if needed.
    func annotatorID(_ db: Database, name: String, now: Date) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM annotator WHERE name = ?", arguments: [name]) { return id }
        try db.execute(sql: "INSERT INTO annotator (name, token_hash, is_admin, created_at) VALUES (?, ?, 0, ?)",
                       arguments: [name, AccessToken.hash(AccessToken.generate()), now.timeIntervalSince1970])
        return db.lastInsertedRowID
    }
}
