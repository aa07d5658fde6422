import XCTest
@testable import Feedback

final class GoldScoringTests: XCTestCase {
    let world = World.generate(settings: WorldSettings(seed: 3))

    func testScoresEveryLineInOrder() throws {
        let input = try makeTemporaryDirectory().appendingPathComponent("input.jsonl")
        let prompt = world.prompts.first { $0.family == .arithmetic }!
        try writeLines([
            #"{"prompt": "\#(prompt.prompt)", "completion": " \#(prompt.answer!).<|endoftext|> junk after the end"}"#,
            #"{"prompt": "Q: \#(prompt.prompt)\nA:", "completion": "I can't help with that."}"#,
        ], to: input)
        var lines: [String] = []
        var totals: [Double] = []
        try GoldScoring.scoreFile(url: input, world: world) { line, score in
            lines.append(try GoldScoring.jsonLine(score))
            totals.append(score.total)
            XCTAssertEqual(line, totals.count)
        }
        XCTAssertEqual(totals, [1.0, -1.0])
        XCTAssertTrue(lines[0].hasPrefix(#"{"answer":"correct","components":{"correctness":1,"#), lines[0])
        XCTAssertTrue(lines[1].contains(#""refused":true"#), lines[1])
    }

    func testErrorsNameTheLine() throws {
        let input = try makeTemporaryDirectory().appendingPathComponent("input.jsonl")
        let prompt = world.prompts[0].prompt
        try writeLines([#"{"prompt": "\#(prompt)", "completion": "1."}"#, #"{"prompt": "Unknown?", "completion": "1."}"#], to: input)
        XCTAssertThrowsError(try GoldScoring.scoreFile(url: input, world: world) { _, _ in }) { error in
            XCTAssertEqual(error as? WorldError, .unknownPrompt(path: input.path, line: 2, prompt: "Unknown?"))
            XCTAssertTrue(String(describing: error).contains("input.jsonl:2"))
        }
        try writeLines([#"{"prompt": "\#(prompt)", "completion": 5}"#], to: input)
        XCTAssertThrowsError(try GoldScoring.scoreFile(url: input, world: world) { _, _ in }) { error in
            guard case .wrongType(_, 1, "completion", _)? = error as? PreferenceDataError else { return XCTFail("\(error)") }
        }
        try writeLines(["{not json"], to: input)
        XCTAssertThrowsError(try GoldScoring.scoreFile(url: input, world: world) { _, _ in }) { error in
            guard case .invalidJSON(_, 1, _)? = error as? PreferenceDataError else { return XCTFail("\(error)") }
        }
    }
}
