import Foundation
import XCTest
@testable import Mismatch

/// Where the synthetic runs of Tests/Fixtures/mismatch live, and their independently computed figures
/// (Tests/Fixtures/generate/mismatch_reference.py: numpy least squares, scipy correlations).
enum MismatchFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mismatch")
    static let onlineRuns = ["rloo-single-s0", "rloo-single-s1", "rloo-uwo-s0", "rloo-healthy-s3", "rloo-silent-s4"]

    static func run(_ name: String) -> URL { folder.appendingPathComponent(name) }

    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func expected(_ run: String) throws -> [String: Any] {
        try XCTUnwrap(try expected()[run] as? [String: Any])
    }
}

/// A fresh temporary folder per test, removed afterwards.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("mismatch-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    /// A run directory with the given files (name → contents).
    func run(_ name: String, files: [String: String]) throws -> URL {
        let folder = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (file, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(file)) }
        return folder
    }
}
