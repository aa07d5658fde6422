import XCTest
@testable import Feedback

final class AnnotatorPoolTests: XCTestCase {
    private func resolve(json: String) throws -> AnnotatorPool {
        let url = try makeTemporaryDirectory("pool").appendingPathComponent("pool.json")
        try Data(json.utf8).write(to: url)
        return try AnnotatorPool.resolve(url.path)
    }

    private func assertInvalid(_ json: String, field: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try resolve(json: json), file: file, line: line) { error in
            guard case .invalidAnnotators(_, let actual, _)? = error as? WorldError else {
                return XCTFail("\(error)", file: file, line: line)
            }
            XCTAssertEqual(actual, field, file: file, line: line)
        }
    }

    func testPresetsAreValidAndFilesDecodeWithDefaults() throws {
        for name in AnnotatorPresets.names { XCTAssertNoThrow(try AnnotatorPresets.named(name)!.validate(source: name)) }
        let pool = try resolve(json: #"{"annotators": [{"name": "a", "temperature": 0.5, "visible_words": 4, "values": {"tone": 0}}]}"#)
        XCTAssertEqual(pool.name, "custom")
        XCTAssertEqual(pool.doubleLabelRate, 0.1)
        XCTAssertEqual(pool.annotators[0].temperature, 0.5)
        XCTAssertEqual(pool.annotators[0].visibleWords, 4)
        XCTAssertEqual(pool.annotators[0].flipRate, 0)
        XCTAssertEqual(pool.annotators[0].weight, 1)
        // A preset written to JSON reads back as the same pool.
        let encoded = String(decoding: try JSONEncoder().encode(AnnotatorPresets.biased), as: UTF8.self)
        XCTAssertEqual(try resolve(json: encoded), AnnotatorPresets.biased)
    }

    func testEveryErrorNamesItsField() {
        assertInvalid(#"{"annotators": []}"#, field: "annotators")
        assertInvalid(#"{"name": "x"}"#, field: "annotators")
        assertInvalid(#"{"annotators": [{"temperature": 1}]}"#, field: "annotators[0].name")
        assertInvalid(#"{"annotators": [{"name": "a", "flip_rate": "high"}]}"#, field: "annotators[0].flip_rate")
        assertInvalid(#"{"annotators": [{"name": "a", "flip_rate": 1.5}]}"#, field: "a.flip_rate")
        assertInvalid(#"{"annotators": [{"name": "a", "temperature": -1}]}"#, field: "a.temperature")
        assertInvalid(#"{"annotators": [{"name": "a", "visible_words": 0}]}"#, field: "a.visible_words")
        assertInvalid(#"{"annotators": [{"name": "a", "trigger_rate": 0.5}]}"#, field: "a.trigger_rate")
        assertInvalid(#"{"annotators": [{"name": "a", "values": {"charm": 1}}]}"#, field: "a.values.charm")
        assertInvalid(#"{"annotators": [{"name": "a"}, {"name": "a"}]}"#, field: "name")
        assertInvalid(#"{"annotators": [{"name": "a", "weight": 0}]}"#, field: "weight")
        assertInvalid(#"{"annotators": [{"name": "a"}], "double_label_rate": 2}"#, field: "double_label_rate")
        assertInvalid(#"[1, 2]"#, field: "(file)")
    }

    func testUnknownPresetOrMissingFile() {
        XCTAssertThrowsError(try AnnotatorPool.resolve("/nonexistent/annotators.json")) { error in
            guard case .invalidSetting(let name, let reason)? = error as? WorldError else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "--annotators")
            XCTAssertTrue(reason.contains("biased"), reason)
        }
    }

    func testLabelerMatchesBoltzmannProbability() {
        // P(a ≻ b) = σ((u_a − u_b)/T) = σ(1) ≈ 0.7311 for u = (1, 0), T = 1.
        var random = WorldRandom(seed: 12)
        let trials = 20_000
        let wins = (0..<trials).filter { _ in Labeler.rank(utilities: [1, 0], temperature: 1, flipRate: 0, random: &random)[0] == 0 }.count
        XCTAssertEqual(Double(wins) / Double(trials), 1 / (1 + exp(-1.0)), accuracy: 0.01)   // sd 0.003
        let flipped = (0..<trials).filter { _ in Labeler.rank(utilities: [1, 0], temperature: 0, flipRate: 0.2, random: &random)[0] == 1 }.count
        XCTAssertEqual(Double(flipped) / Double(trials), 0.2, accuracy: 0.01)
        let ties = (0..<trials).filter { _ in Labeler.rank(utilities: [0, 0], temperature: 0, flipRate: 0, random: &random)[0] == 0 }.count
        XCTAssertEqual(Double(ties) / Double(trials), 0.5, accuracy: 0.015)
    }
}
