import Foundation
import XCTest
@testable import Feedback

final class PreferenceRoundTripTests: XCTestCase {
    private let user = ChatMessage(role: "user", content: "Shoot a portrait?")
    private let assistant = ChatMessage(role: "assistant", content: "Use \"soft\" light\n\tand a 85mm lens — ✓")

    /// One record of every format, with the awkward parts: escapes, control characters,
    /// non-ASCII text, awkward doubles, absent and present optionals.
    private var samples: [PreferenceRecord] {
        [
            .pair(PreferencePair(prompt: .text("What is 2 + 3?"), chosen: .text("5"), rejected: .text("6"),
                                 annotator: "a1", family: "arithmetic", scores: [0.1, -1e-05])),
            .pair(PreferencePair(prompt: nil, chosen: .text("Q: x A: \\ / \u{01} \u{1F}"), rejected: .text(""))),
            .pair(PreferencePair(prompt: .messages([user]), chosen: .messages([assistant]),
                                 rejected: .messages([ChatMessage(role: "assistant", content: "I can't.")]),
                                 scores: [1e300, -0.0])),
            .pair(PreferencePair(prompt: nil, chosen: .messages([user, assistant]), rejected: .messages([user]),
                                 annotator: "ann:ü")),
            .unpaired(UnpairedFeedback(prompt: .text("p"), completion: .text("c"), label: true, family: "f")),
            .unpaired(UnpairedFeedback(prompt: nil, completion: .messages([assistant]), label: false, annotator: "a")),
            .ranking(RankedCompletions(prompt: .text("Rank"), completions: [.text("a"), .text("b"), .text("c")],
                                       ranking: [2, 0, 1], annotator: "a2", family: "open", scores: [3, 2.5, 123456789.125])),
            .ranking(RankedCompletions(prompt: .messages([user]), completions: [.messages([assistant]), .text("x")],
                                       ranking: [1, 0])),
        ]
    }

    func testEveryFormatRoundTripsThroughTheWriterAndReader() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("all.jsonl")
        let writer = try JSONLWriter(url: url)
        for record in samples { try writer.write(record) }
        try writer.finish()
        XCTAssertEqual(try PreferenceReader.readAll(url: url), samples)
    }

    func testTheGenericWriteOfARecordStructMatchesWritingTheRecord() throws {
        let folder = try makeScratchFolder(self)
        let pair = PreferencePair(prompt: .text("p"), chosen: .text("c"), rejected: .text("r"), family: "f", scores: [1, 2])
        let viaStruct = try JSONLWriter(url: folder.appendingPathComponent("a.jsonl"))
        try viaStruct.write(pair)
        try viaStruct.finish()
        let viaRecord = try JSONLWriter(url: folder.appendingPathComponent("b.jsonl"))
        try viaRecord.write(PreferenceRecord.pair(pair))
        try viaRecord.finish()
        let bytes = try String(contentsOf: folder.appendingPathComponent("a.jsonl"), encoding: .utf8)
        XCTAssertEqual(bytes, try String(contentsOf: folder.appendingPathComponent("b.jsonl"), encoding: .utf8))
        XCTAssertEqual(bytes, #"{"prompt":"p","chosen":"c","rejected":"r","family":"f","scores":[1.0,2.0]}"# + "\n")
    }

    func testKeysAreWrittenInConventionalOrderAndAbsentOptionalsOmitted() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("order.jsonl")
        let writer = try JSONLWriter(url: url)
        try writer.write(PreferenceRecord.unpaired(UnpairedFeedback(prompt: nil, completion: .text("c\n"), label: false, annotator: "a")))
        try writer.write(PreferenceRecord.ranking(RankedCompletions(prompt: .text("p"), completions: [.messages([ChatMessage(role: "assistant", content: "x")]), .text("y")], ranking: [1, 0])))
        try writer.finish()
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), """
            {"completion":"c\\n","label":false,"annotator":"a"}
            {"prompt":"p","completions":[[{"role":"assistant","content":"x"}],"y"],"ranking":[1,0]}

            """)
    }

    func testFixturesInEveryFormatRoundTrip() throws {
        let folder = try makeScratchFolder(self)
        for name in ["standard", "implicit", "conversational", "unpaired", "ranking", "mixed"] {
            let records = try PreferenceReader.readAll(url: PreferenceFixtures.url("\(name).jsonl"))
            XCTAssertFalse(records.isEmpty, name)
            let copy = folder.appendingPathComponent("\(name).jsonl")
            let writer = try JSONLWriter(url: copy)
            for record in records { try writer.write(record) }
            try writer.finish()
            XCTAssertEqual(try PreferenceReader.readAll(url: copy), records, name)
        }
    }

    func testFormatIsDetectedFromTheKeys() throws {
        let expected: [(String, PreferenceFormat, Int)] = [
            ("standard", .standard, 4), ("implicit", .implicit, 2), ("conversational", .conversational, 2),
            ("unpaired", .unpaired, 3), ("ranking", .ranking, 2),
        ]
        for (name, format, count) in expected {
            let records = try PreferenceReader.readAll(url: PreferenceFixtures.url("\(name).jsonl"))
            XCTAssertEqual(records.count, count, name)
            XCTAssertEqual(records.map(\.format), Array(repeating: format, count: count), name)
        }
        let mixed = try PreferenceReader.readAll(url: PreferenceFixtures.url("mixed.jsonl")).map(\.format)
        XCTAssertEqual(mixed, [.standard, .standard, .standard, .standard, .implicit, .implicit,
                               .conversational, .conversational, .unpaired, .unpaired, .unpaired, .ranking, .ranking])
    }

    func testFixtureFieldsAreDecodedExactly() throws {
        let standard = try PreferenceReader.readAll(url: PreferenceFixtures.url("standard.jsonl"))
        XCTAssertEqual(standard.first, .pair(PreferencePair(prompt: .text("What is 2 + 3?"), chosen: .text("5"),
            rejected: .text("2 + 3 is 6."), annotator: "a1", family: "arithmetic", scores: [1.5, -0.25])))
        guard case .pair(let escaped) = standard[3] else { return XCTFail("line 4 is a pair") }
        XCTAssertEqual(escaped.prompt, .text("Quote: \"naïve café\" — translate"))
        XCTAssertEqual(escaped.rejected, .text("Ünïcödé ✓ \\ back\tslash"))
        let ranking = try PreferenceReader.readAll(url: PreferenceFixtures.url("ranking.jsonl"))
        guard case .ranking(let ranked) = ranking[1] else { return XCTFail("line 2 is a ranking") }
        XCTAssertEqual(ranked.rankedCompletions, [.text("Consider Nf5 followed by Qg4."), .text("Play Qxf7+."),
                                                  .text("Chess is a game."), .text("I won't help with attacks.")])
        let conversational = try PreferenceReader.readAll(url: PreferenceFixtures.url("conversational.jsonl"))
        XCTAssertEqual(conversational[0].prompt, .messages([ChatMessage(role: "user", content: "What is 10 - 4?")]))
        XCTAssertNil(conversational[1].prompt)
    }

    func testRecordsDecodeWithJSONDecoderToo() throws {
        let line = #"{"id": 7, "rejected": "r", "chosen": "c", "prompt": "p"}"#
        let record = try JSONDecoder().decode(PreferenceRecord.self, from: Data(line.utf8))
        XCTAssertEqual(record, .pair(PreferencePair(prompt: .text("p"), chosen: .text("c"), rejected: .text("r"))))
        let encoded = try JSONEncoder().encode(record)
        XCTAssertEqual(try JSONDecoder().decode(PreferenceRecord.self, from: encoded), record)
    }

    func testOtherEncodablesAreWrittenWithSortedKeys() throws {
        struct Row: Encodable { var zeta = 1; var alpha = "a/b" }
        let url = try makeScratchFolder(self).appendingPathComponent("rows.jsonl")
        let writer = try JSONLWriter(url: url)
        try writer.write(Row())
        try writer.write(Row(zeta: 2, alpha: "c"))
        XCTAssertEqual(writer.recordsWritten, 2)
        try writer.finish()
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "{\"alpha\":\"a/b\",\"zeta\":1}\n{\"alpha\":\"c\",\"zeta\":2}\n")
    }

    func testANonFiniteScoreCannotBeWritten() throws {
        let url = try makeScratchFolder(self).appendingPathComponent("nan.jsonl")
        let writer = try JSONLWriter(url: url)
        let pair = PreferencePair(prompt: nil, chosen: .text("c"), rejected: .text("r"), scores: [.nan, 1])
        XCTAssertThrowsError(try writer.write(PreferenceRecord.pair(pair))) { error in
            guard case PreferenceDataError.unencodableValue(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, url.path)
        }
        XCTAssertEqual(writer.recordsWritten, 0)
    }
}
