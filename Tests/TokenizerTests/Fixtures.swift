import Foundation
import XCTest
@testable import Tokenizer

/// Paths of the committed fixtures and tokenizers shared by the tests (loaded once).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tokenizer")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(name))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// GPT-2 from the committed tiktoken rank file (loaded once: ~50k tokens).
    static let gpt2: ByteLevelBPETokenizer? = try? ByteLevelBPETokenizer.load(contentsOf: url("gpt2.tiktoken"))

    static func gpt2OrFail() throws -> ByteLevelBPETokenizer {
        try XCTUnwrap(gpt2, "could not load \(url("gpt2.tiktoken").path)")
    }

    /// A temporary directory removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-tokenizer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
