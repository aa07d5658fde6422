import XCTest
@testable import Feedback

final class FeedbackSimulationTests: XCTestCase {
    let world = World.generate(settings: WorldSettings(seed: 3))

    private func simulate(_ preset: String = "biased", items: Int = 200, k: Int = 2, seed: UInt64 = 1, responses: URL? = nil,
                          to output: URL) throws -> AgreementReport {
        var options = FeedbackSimulation.Options(items: items, seed: seed)
        options.k = k
        options.responses = responses
        return try FeedbackSimulation.run(world: world, pool: try AnnotatorPool.resolve(preset), options: options, output: output)
    }

    func testSameSeedSameBytesAndReportNextToTheOutput() throws {
        let directory = try makeTemporaryDirectory()
        let a = directory.appendingPathComponent("a.jsonl"), b = directory.appendingPathComponent("b.jsonl")
        try simulate(to: a)
        try simulate(to: b)
        try simulate(seed: 2, to: directory.appendingPathComponent("c.jsonl"))
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b))
        XCTAssertNotEqual(try Data(contentsOf: a), try Data(contentsOf: directory.appendingPathComponent("c.jsonl")))
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("a.agreement.json")),
                       try Data(contentsOf: directory.appendingPathComponent("b.agreement.json")))
        XCTAssertEqual(FeedbackSimulation.agreementURL(for: URL(fileURLWithPath: "/x/prefs")).path, "/x/prefs.agreement.json")
    }

    func testPairsRoundTripThroughThePreferenceReader() throws {
        let output = try makeTemporaryDirectory().appendingPathComponent("prefs.jsonl")
        let report = try simulate("ideal", to: output)
        let records = try PreferenceReader.readAll(url: output)
        XCTAssertEqual(records.count, 200)
        XCTAssertEqual(report.goldAgreement.rate, 1.0)
        for record in records {
            guard case .pair(let pair) = record, let scores = pair.scores else { return XCTFail("\(record)") }
            XCTAssertGreaterThan(scores[0], scores[1], "the ideal annotator chooses the higher gold")
            guard let prompt = world.prompt(matching: pair.prompt?.plainText ?? "") else { return XCTFail("unknown prompt") }
            XCTAssertEqual(pair.family, prompt.family.rawValue)
            XCTAssertEqual(prompt.split, .train)
            let gold = GoldScorer(world: world)
            XCTAssertEqual(scores[0], gold.score(prompt: prompt, response: pair.chosen.plainText).total, accuracy: 1e-12)
        }
    }

    func testKWiseRankingsFollowGoldForTheIdealAnnotator() throws {
        let output = try makeTemporaryDirectory().appendingPathComponent("ranks.jsonl")
        let report = try simulate("ideal", items: 50, k: 4, to: output)
        XCTAssertEqual(report.k, 4)
        XCTAssertEqual(report.goldAgreement.count + report.goldTies, 50 * 6)
        for record in try PreferenceReader.readAll(url: output) {
            guard case .ranking(let ranked) = record, let scores = ranked.scores else { return XCTFail("\(record)") }
            XCTAssertEqual(ranked.completions.count, 4)
            let ordered = ranked.ranking.map { scores[$0] }
            XCTAssertEqual(ordered, ordered.sorted(by: >))
        }
    }

    func testLabelsPolicySamplesAndNamesBadLines() throws {
        let directory = try makeTemporaryDirectory()
        let samples = directory.appendingPathComponent("samples.jsonl")
        let prompt = world.prompts.first { $0.family == .arithmetic }!
        try writeLines([
            #"{"prompt": "\#(prompt.prompt)", "completions": [" \#(prompt.answer!).", " 0.", " I can't help with that."], "logprobs": [[-1.0]]}"#,
            #"{"prompt": "Q: \#(prompt.prompt)\nA:", "completions": [" \#(prompt.answer!).<|endoftext|>", " Maybe 0."]}"#,
        ], to: samples)
        let output = directory.appendingPathComponent("prefs.jsonl")
        let report = try simulate("ideal", items: 20, responses: samples, to: output)
        XCTAssertEqual(report.goldAgreement.rate, 1.0)
        XCTAssertEqual(try PreferenceReader.readAll(url: output).count, 20)

        try writeLines([#"{"prompt": "\#(prompt.prompt)", "completions": ["a", "b"]}"#, #"{"prompt": "Who am I?", "completions": ["a", "b"]}"#], to: samples)
        XCTAssertThrowsError(try simulate(responses: samples, to: output)) { error in
            XCTAssertEqual(error as? WorldError, .unknownPrompt(path: samples.path, line: 2, prompt: "Who am I?"))
        }
        try writeLines([#"{"prompt": "\#(prompt.prompt)", "completions": ["only one"]}"#], to: samples)
        XCTAssertThrowsError(try simulate(responses: samples, to: output)) { error in
            guard case .invalidInput(_, 1, "completions", _)? = error as? WorldError else { return XCTFail("\(error)") }
        }
        try writeLines([#"{"prompt": "\#(prompt.prompt)"}"#], to: samples)
        XCTAssertThrowsError(try simulate(responses: samples, to: output)) { error in
            XCTAssertEqual(error as? PreferenceDataError, .missingField(path: samples.path, line: 1, field: "completions"))
        }
        try Data().write(to: samples)
        XCTAssertThrowsError(try simulate(responses: samples, to: output)) { error in
            XCTAssertEqual(error as? PreferenceDataError, .noRecords(path: samples.path))
        }
    }

    func testInvalidCountsAreRejected() throws {
        let output = try makeTemporaryDirectory().appendingPathComponent("prefs.jsonl")
        XCTAssertThrowsError(try simulate(items: 0, to: output))
        XCTAssertThrowsError(try simulate(k: 1, to: output))
    }
}
