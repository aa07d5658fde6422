import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import XCTest
@testable import Label

/// A fresh database in a temporary folder, removed when the test ends.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("label-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file
    }
}

enum Fixtures {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/label")
    }

    static func pairTasks(_ count: Int) -> [LabelTask] {
        (0..<count).map { LabelTask(key: "p\($0)", prompt: "prompt \($0)", completions: ["short \($0)", "a much longer answer \($0)"]) }
    }
}

/// Counts rows of a table, for "nothing was written" checks.
func rowCount(_ database: LabelDatabase, _ table: String) async throws -> Int {
    try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
}

extension String {
    init(response: TestResponse) { self.init(buffer: response.body) }
}

/// A form body with percent-encoding.
func form(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let text = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    return ByteBuffer(string: text)
}

let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

func cookieHeaders(_ token: String, form: Bool = true) -> HTTPFields {
    var headers: HTTPFields = [.cookie: "\(LabelServer.cookie)=\(token)"]
    if form { headers[.contentType] = "application/x-www-form-urlencoded" }
    return headers
}

/// The value of `<input type="hidden" name="NAME" value="…">` in a page.
func hiddenField(_ name: String, in html: String) -> String? {
    guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    let rest = html[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}

/// XCTUnwrap for an async expression.
func unwrapAsync<T>(_ expression: @autoclosure () async throws -> T?, file: StaticString = #filePath, line: UInt = #line) async throws -> T {
    let value = try await expression()
    return try XCTUnwrap(value, file: file, line: line)
}
