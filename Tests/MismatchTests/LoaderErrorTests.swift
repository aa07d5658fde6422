import Foundation
import XCTest
@testable import Mismatch

/// Every way a run directory can be malformed gets its typed error, naming the file, line and field.
final class LoaderErrorTests: XCTestCase {
    let config = #"{"method": "rloo", "objective": "single", "steps": 2}"#
    let evalRow = #"{"step": 0, "kl": 0, "proxy_reward": 0.1, "eval/kl": 0, "eval/proxy_reward": 0.2, "eval/proxy_reward_se": 0.05}"#
    var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }

    func assertError(_ expected: MismatchError, _ run: URL, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try RunRecord.read(run), file: file, line: line) { error in
            XCTAssertEqual(error as? MismatchError, expected, file: file, line: line)
            XCTAssertFalse("\(error)".isEmpty)
        }
    }

    func online(_ metrics: String, config: String? = nil) throws -> (URL, String) {
        let run = try folder.run("run", files: ["config.json": config ?? self.config, "metrics.jsonl": metrics])
        return (run, run.appendingPathComponent("metrics.jsonl").path)
    }

    func testAValidMinimalRunReads() throws {
        let (run, _) = try online(evalRow + "\n\n")  // blank lines are skipped
        XCTAssertEqual(try RunRecord.read(run).evaluations.count, 1)
    }

    func testNotARunDirectory() throws {
        let file = folder.url.appendingPathComponent("file.txt")
        try Data("x".utf8).write(to: file)
        assertError(.notARunDirectory(path: file.path), file)
        let empty = try folder.run("empty", files: [:])
        assertError(.notARunDirectory(path: empty.path), empty)
        let missing = folder.url.appendingPathComponent("absent")
        assertError(.notARunDirectory(path: missing.path), missing)
    }

    func testMissingFiles() throws {
        let noMetrics = try folder.run("a", files: ["config.json": config])
        assertError(.missingFile(path: noMetrics.appendingPathComponent("metrics.jsonl").path), noMetrics)
        let noConfig = try folder.run("b", files: ["metrics.jsonl": evalRow])
        assertError(.missingFile(path: noConfig.appendingPathComponent("config.json").path), noConfig)
    }

    func testUnreadableFiles() throws {
        let run = try folder.run("c", files: ["config.json": config])
        try Data([0x7b, 0xff, 0xfe, 0x7d]).write(to: run.appendingPathComponent("metrics.jsonl"))
        assertError(.unreadable(path: run.appendingPathComponent("metrics.jsonl").path, reason: "not UTF-8 text"), run)
        let directory = try folder.run("d", files: ["config.json": config])
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("metrics.jsonl"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try RunRecord.read(directory)) { error in
            guard case .unreadable(let path, _)? = error as? MismatchError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, directory.appendingPathComponent("metrics.jsonl").path)
        }
    }

    func testMalformedJSONNamesTheLine() throws {
        var (run, path) = try online(evalRow + "\n{\"step\": 1, \"kl\": \n")
        assertError(.malformedJSON(path: path, line: 2, reason: "invalid JSON"), run)
        (run, path) = try online(evalRow + "\r\n\r\n[1, 2]\r\n")
        assertError(.malformedJSON(path: path, line: 3, reason: "expected an object, found an array"), run)
        (run, path) = try online(#"{"step": 0, "eval/kl": 1e999}"#)  // beyond Double: JSONSerialization refuses it
        assertError(.malformedJSON(path: path, line: 1, reason: "invalid JSON"), run)
        (run, path) = try online("\"text\"")
        assertError(.malformedJSON(path: path, line: 1, reason: "expected an object, found a string"), run)
        (run, _) = try online(evalRow, config: "[]")
        assertError(.malformedJSON(path: run.appendingPathComponent("config.json").path, line: nil, reason: "expected an object, found an array"), run)
    }

    func testMissingFields() throws {
        var (run, path) = try online(evalRow + "\n{\"kl\": 0.1}")
        assertError(.missingField(path: path, line: 2, field: "step"), run)
        (run, path) = try online(#"{"step": 0, "eval/kl": 0}"#)
        assertError(.missingField(path: path, line: 1, field: "eval/proxy_reward"), run)
        (run, _) = try online(evalRow, config: #"{"objective": "single"}"#)
        assertError(.missingField(path: run.appendingPathComponent("config.json").path, line: nil, field: "method"), run)
        let bon = try folder.run("bon", files: ["config.json": #"{"method": "bon", "n": 4}"#, "metrics.jsonl": #"{"n": 1, "proxy_reward": 0.1}"#])
        assertError(.missingField(path: bon.appendingPathComponent("metrics.jsonl").path, line: 1, field: "kl"), bon)
    }

    func testWrongTypes() throws {
        var (run, path) = try online(#"{"step": "0", "eval/kl": 0, "eval/proxy_reward": 0}"#)
        assertError(.wrongType(path: path, line: 1, field: "step", expected: "a number"), run)
        (run, path) = try online(evalRow + "\n" + #"{"step": 1, "kl": true}"#)
        assertError(.wrongType(path: path, line: 2, field: "kl", expected: "a number"), run)
        (run, path) = try online(#"{"step": 0, "eval/kl": 0, "eval/proxy_reward": [0.1]}"#)
        assertError(.wrongType(path: path, line: 1, field: "eval/proxy_reward", expected: "a number"), run)
        let configPath = { (run: URL) in run.appendingPathComponent("config.json").path }
        (run, _) = try online(evalRow, config: #"{"method": 3}"#)
        assertError(.wrongType(path: configPath(run), line: nil, field: "method", expected: "a string"), run)
        (run, _) = try online(evalRow, config: #"{"method": "rloo", "rewards": 3}"#)
        assertError(.wrongType(path: configPath(run), line: nil, field: "rewards", expected: "a string or a list of strings"), run)
        (run, _) = try online(evalRow, config: #"{"method": "ppo", "adaptive_kl": "yes"}"#)
        assertError(.wrongType(path: configPath(run), line: nil, field: "adaptive_kl", expected: "a boolean"), run)
        (run, _) = try online(evalRow, config: #"{"method": "ppo", "kl_coefficient": "0.05"}"#)
        assertError(.wrongType(path: configPath(run), line: nil, field: "kl_coefficient", expected: "a number"), run)
    }

    func testInvalidValues() throws {
        var (run, path) = try online(#"{"step": 1.5, "eval/kl": 0, "eval/proxy_reward": 0}"#)
        assertError(.invalidValue(path: path, line: 1, field: "step", reason: "expected a whole number ≥ 0, found 1.5"), run)
        (run, path) = try online(evalRow + "\n" + evalRow)
        assertError(.invalidValue(path: path, line: 2, field: "step", reason: "0 does not follow 0 of line 1"), run)
        (run, _) = try online(evalRow, config: #"{"method": "rloo", "seed": -1}"#)
        assertError(.invalidValue(path: run.appendingPathComponent("config.json").path, line: nil, field: "seed",
                                  reason: "expected a whole number ≥ 0, found -1.0"), run)
        let bon = try folder.run("bon", files: ["config.json": #"{"method": "bon"}"#, "metrics.jsonl": #"{"n": 0, "kl": 0, "proxy_reward": 0}"#])
        assertError(.invalidValue(path: bon.appendingPathComponent("metrics.jsonl").path, line: 1, field: "n", reason: "n must be at least 1"), bon)
    }

    func testUnsupportedMethodAndMissingRows() throws {
        var (run, path) = try online(evalRow, config: #"{"method": "dpo"}"#)
        assertError(.unsupportedMethod(path: run.appendingPathComponent("config.json").path, method: "dpo"), run)
        (run, path) = try online(#"{"step": 0, "kl": 0, "proxy_reward": 0.1}"#)
        assertError(.noRows(path: path, what: "held-out evaluation rows (\"eval/kl\"); the run needs --eval-every > 0"), run)
        let bon = try folder.run("bon", files: ["config.json": #"{"method": "bon"}"#, "metrics.jsonl": "\n"])
        assertError(.noRows(path: bon.appendingPathComponent("metrics.jsonl").path, what: "rows"), bon)
    }

    func testBestOfNSummaryErrors() throws {
        let bon = try folder.run("bon", files: ["config.json": #"{"method": "bon"}"#,
                                                "metrics.jsonl": #"{"n": 1, "kl": 0, "proxy_reward": 0}"#,
                                                "summary.json": #"{"gold_peak_n": "4"}"#])
        assertError(.wrongType(path: bon.appendingPathComponent("summary.json").path, line: nil, field: "gold_peak_n", expected: "a number"), bon)
    }

    func testRewardEvaluationErrors() throws {
        func write(_ text: String) throws -> URL {
            let url = folder.url.appendingPathComponent("eval-\(UUID().uuidString).json")
            try Data(text.utf8).write(to: url)
            return url
        }
        func check(_ text: String, _ expected: (String) -> MismatchError, line: UInt = #line) throws {
            let url = try write(text)
            XCTAssertThrowsError(try RewardEvaluationRecord.read(url), line: line) { error in
                XCTAssertEqual(error as? MismatchError, expected(url.path), line: line)
            }
        }
        let calibration = #""calibration": {"expected_calibration_error": 0.1}"#
        try check(#"{"members": 1, \#(calibration)}"#) { .missingField(path: $0, line: nil, field: "accuracy") }
        try check(#"{"members": 1, "accuracy": [], \#(calibration)}"#) { .wrongType(path: $0, line: nil, field: "accuracy", expected: "an object") }
        try check(#"{"members": 1, "accuracy": {"accuracy": 0.6}, \#(calibration)}"#) { .missingField(path: $0, line: nil, field: "accuracy.pairs") }
        try check(#"{"members": 0, "accuracy": {"accuracy": 0.6, "pairs": 3}, \#(calibration)}"#) {
            .invalidValue(path: $0, line: nil, field: "members", reason: "expected a whole number ≥ 1, found 0.0")
        }
        try check(#"{"members": 1, "accuracy": {"accuracy": 0.6, "pairs": 3}, \#(calibration), "inherited_preferences": {"longer": {"pairs": 2}}}"#) {
            .missingField(path: $0, line: nil, field: "inherited_preferences.longer.labels")
        }
        try check(#"{"members": 1, "accuracy": {"accuracy": 0.6, "pairs": 3}, \#(calibration), "not_computed": {"ensemble": 1}}"#) {
            .wrongType(path: $0, line: nil, field: "not_computed.ensemble", expected: "a string")
        }
        let absent = folder.url.appendingPathComponent("absent.json")
        XCTAssertThrowsError(try RewardEvaluationRecord.read(absent)) { XCTAssertEqual($0 as? MismatchError, .missingFile(path: absent.path)) }
    }
}
