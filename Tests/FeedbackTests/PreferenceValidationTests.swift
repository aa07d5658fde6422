import Foundation
import XCTest
@testable import Feedback

/// Checks the validation report and statistics against Tests/Fixtures/generate/preference_reference.py,
/// an independent Python implementation whose output is committed under Fixtures/preferences/expected/.
final class PreferenceValidationTests: XCTestCase {
    private func expectedSummary(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: PreferenceFixtures.url("expected/\(name).summary.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Compares two JSON trees; numbers within 1e-12 relative, `ignoring` keys skipped.
    private func assertSameJSON(_ actual: Any?, _ expected: Any?, at path: String, ignoring: Set<String> = []) {
        switch (actual, expected) {
        case (let a as [String: Any], let e as [String: Any]):
            XCTAssertEqual(Set(a.keys).subtracting(ignoring), Set(e.keys).subtracting(ignoring), "keys at \(path)")
            for key in e.keys where !ignoring.contains(key) {
                assertSameJSON(a[key], e[key], at: "\(path).\(key)", ignoring: ignoring)
            }
        case (let a as [Any], let e as [Any]):
            XCTAssertEqual(a.count, e.count, "count at \(path)")
            for (index, pair) in zip(a, e).enumerated() { assertSameJSON(pair.0, pair.1, at: "\(path)[\(index)]") }
        case (let a as NSNumber, let e as NSNumber):
            XCTAssertEqual(a.doubleValue, e.doubleValue, accuracy: 1e-12 * max(1, abs(e.doubleValue)), path)
        case (let a as String, let e as String):
            XCTAssertEqual(a, e, path)
        default:
            XCTFail("\(path): \(String(describing: actual)) vs \(String(describing: expected))")
        }
    }

    private func check(_ name: String, maxCharacters: Int) throws {
        let summary = try summarizePreferences(url: PreferenceFixtures.url("\(name).jsonl"), maxCharacters: maxCharacters)
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(summary))
        assertSameJSON(encoded, try expectedSummary(name), at: name, ignoring: ["file"])
    }

    func testValidationFixtureMatchesThePythonReference() throws {
        try check("validation", maxCharacters: 50)
    }

    func testMixedFixtureMatchesThePythonReference() throws {
        try check("mixed", maxCharacters: 10_000)
    }

    /// The same counts, stated by hand, so a reader sees what the fixture holds.
    func testValidationFixtureIssuesAndLines() throws {
        let report = try validatePreferences(url: PreferenceFixtures.url("validation.jsonl"), maxCharacters: 50)
        XCTAssertEqual(report.records, 13)
        XCTAssertEqual(report.countsByFormat, ["standard": 8, "implicit": 1, "conversational": 1, "unpaired": 1, "ranking": 2])
        XCTAssertEqual(report.duplicates.lines, [2, 13])
        XCTAssertEqual(report.duplicates.earlierLines, [1, 4])
        XCTAssertEqual(report.emptyFields["chosen"]?.lines, [4, 13])
        XCTAssertEqual(report.emptyFields["completion"]?.lines, [9])
        XCTAssertEqual(report.emptyFields["completions"]?.lines, [11])
        XCTAssertEqual(report.emptyFields["prompt"]?.lines, [12])
        XCTAssertEqual(report.identicalCompletions.lines, [5, 10])
        XCTAssertEqual(report.contradictions.lines, [6])
        XCTAssertEqual(report.contradictions.earlierLines, [1])
        XCTAssertEqual(report.overLong.lines, [8])
        XCTAssertEqual(report.issueCount, 11)
        XCTAssertTrue(report.description.contains("duplicate records: 2 (lines 2 repeats 1, 13 repeats 4)"), report.description)
        XCTAssertTrue(report.description.contains("over 50 characters: 1 (line 8)"), report.description)
    }

    func testTheOverLongThresholdIsConfigurable() throws {
        let url = PreferenceFixtures.url("validation.jsonl")
        XCTAssertEqual(try validatePreferences(url: url, maxCharacters: 1_000).overLong.count, 0)
        // Line 1 has 2 + 11 + 3 = 16 characters: over 15, not over 16.
        XCTAssertTrue(try validatePreferences(url: url, maxCharacters: 15).overLong.lines.contains(1))
        XCTAssertFalse(try validatePreferences(url: url, maxCharacters: 16).overLong.lines.contains(1))
    }

    func testOnlyTheFirstTenLinesOfAnIssueAreListed() throws {
        var validator = PreferenceValidator(file: "f")
        let pair = PreferenceRecord.pair(PreferencePair(prompt: nil, chosen: .text("same"), rejected: .text("same")))
        for line in 1...25 { validator.add(pair, line: line) }
        XCTAssertEqual(validator.report.identicalCompletions.count, 25)
        XCTAssertEqual(validator.report.identicalCompletions.lines, Array(1...10))
        XCTAssertEqual(validator.report.duplicates.count, 24)
        XCTAssertEqual(validator.report.duplicates.earlierLines, Array(repeating: 1, count: 10))
        XCTAssertTrue(validator.report.description.contains("(lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …)"), validator.report.description)
    }

    func testCleanFilesSayNoIssues() throws {
        let report = try validatePreferences(url: PreferenceFixtures.url("mixed.jsonl"))
        XCTAssertEqual(report.issueCount, 0)
        XCTAssertTrue(report.description.hasSuffix("no issues found"), report.description)
    }

    func testStatisticsOfALengthBiasedSet() throws {
        var statistics = PreferenceStatistics()
        statistics.add(.pair(PreferencePair(prompt: .text("p"), chosen: .text("a b c d"), rejected: .text("a b"), annotator: "long")))
        statistics.add(.pair(PreferencePair(prompt: .text("p"), chosen: .text("x y z"), rejected: .text("x"), annotator: "long")))
        statistics.add(.pair(PreferencePair(prompt: .text("p"), chosen: .text("q"), rejected: .text("q r"), annotator: "fair", family: "f")))
        XCTAssertEqual(statistics.byAnnotator["long"]?.chosenLongerShare, 1)
        XCTAssertEqual(statistics.byAnnotator["long"]?.meanChosenWords, 3.5)
        XCTAssertEqual(statistics.byAnnotator["long"]?.meanRejectedCharacters, 2)
        XCTAssertEqual(statistics.byAnnotator["fair"]?.chosenLongerShare, 0)
        XCTAssertEqual(statistics.overall.chosenLonger, 2)
        XCTAssertEqual(statistics.byFamily[PreferenceStatistics.unspecified]?.records, 2)
        XCTAssertEqual(statistics.byFamily["f"]?.records, 1)
        XCTAssertTrue(statistics.description.contains("annotator long"), statistics.description)
    }
}
