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

/// SplitMix64: the seeded generator the property tests draw from.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
