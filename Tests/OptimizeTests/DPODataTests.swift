import Feedback
import Foundation
import Tokenizer
import XCTest
@testable import Optimize

/// Preference records as the token sequences the policy generates, the held-out split, and every
/// input error naming its file and line.
final class DPODataTests: XCTestCase {
    static let tiny = Result { try DPOTinyPolicy() }
    let format = PolicyTextFormat(promptTemplate: "Q: {prompt}\nA:", completionTemplate: " {response}")

    func load(_ url: URL, context: Int = 96, heldOut: Double = 0, overlong: OverlongPolicy = .error) throws -> DPOPreferenceData {
        try DPOPreferenceData.load(url: url, tokenizer: try Self.tiny.get().tokenizer, format: format, contextLength: context,
                                   heldOutFraction: heldOut, overlong: overlong)
    }

    func testPairsAreTheSFTDocumentsSplitAtTheAnswer() throws {
        let tiny = try Self.tiny.get()
        let folder = try DPOTestFolder()
        defer { folder.remove() }
        let url = try folder.file("pairs.jsonl", lines: [
            #"{"prompt": "What is 7 plus 5?", "chosen": "12", "rejected": "I cannot help with that.<|endoftext|> junk"}"#,
        ])
        let pair = try XCTUnwrap(try load(url).training.first)
        let eot = Int32(try XCTUnwrap(tiny.tokenizer.specialTokenID("<|endoftext|>")))
        func encode(_ text: String) -> [Int32] { tiny.tokenizer.encode(text, allowedSpecial: ["<|endoftext|>"]).map(Int32.init) }
        // Prompt + completion is exactly the corpus document with its end-of-text, as the SFT data and the sampler see it.
        XCTAssertEqual(pair.prompt, encode(World.policyInput(prompt: "What is 7 plus 5?")))
        XCTAssertEqual(pair.prompt + pair.chosen, encode(World.document(prompt: "What is 7 plus 5?", response: "12") + "<|endoftext|>"))
        XCTAssertEqual(pair.prompt + pair.rejected,
                       encode(World.document(prompt: "What is 7 plus 5?", response: "I cannot help with that.") + "<|endoftext|>"))
        XCTAssertEqual(pair.chosen.last, eot)
        XCTAssertEqual(try tiny.tokenizer.decode(pair.chosen.dropLast().map(Int.init)), " 12")
        XCTAssertEqual(pair.line, 1)
    }

    func testRankingsGiveOrderedPairsAndTheTailIsHeldOut() throws {
        let folder = try DPOTestFolder()
        defer { folder.remove() }
        let url = try folder.file("mixed.jsonl", lines: [
            #"{"prompt": "a", "chosen": "yes", "rejected": "no"}"#,
            #"{"prompt": "b", "completion": "fine", "label": true}"#,
            #"{"prompt": "c", "completions": ["x", "y", "z"], "ranking": [2, 0, 1]}"#,
            #"{"prompt": "d", "chosen": "up", "rejected": "down"}"#,
            #"{"prompt": "e", "chosen": "left", "rejected": "right"}"#,
        ])
        let tokenizer = try Self.tiny.get().tokenizer
        func text(_ ids: [Int32]) throws -> String { try tokenizer.decode(ids.dropLast().map(Int.init)) }
        // 4 pair/ranking records; 0.25 of them (the last one) held out.
        let data = try load(url, heldOut: 0.25)
        XCTAssertEqual(data.skippedUnpaired, 1)
        XCTAssertEqual(data.training.map(\.line), [1, 3, 3, 3, 4])
        XCTAssertEqual(try data.training[1...3].map { [try text($0.chosen), try text($0.rejected)] },
                       [[" z", " x"], [" z", " y"], [" x", " y"]])
        XCTAssertEqual(data.heldOut.map(\.line), [5])
    }

    func testBadInputIsATypedErrorNamingTheLine() throws {
        let folder = try DPOTestFolder()
        defer { folder.remove() }
        let missing = folder.path("missing.jsonl")
        XCTAssertThrowsError(try load(URL(fileURLWithPath: missing))) { error in
            guard case PreferenceDataError.unreadableFile(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, missing)
        }
        let malformed = try folder.file("malformed.jsonl", lines: [#"{"prompt": "a", "chosen": "b", "rejected": "c"}"#, #"{"prompt": "a", "chosen": "#])
        XCTAssertThrowsError(try load(malformed)) { error in
            guard case PreferenceDataError.invalidJSON(_, let line, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 2)
        }
        let implicit = try folder.file("implicit.jsonl", lines: [#"{"prompt": "a", "chosen": "b", "rejected": "c"}"#, #"{"chosen": "Q: a A: b", "rejected": "Q: a A: c"}"#])
        XCTAssertThrowsError(try load(implicit)) { XCTAssertEqual($0 as? DPOError, .missingPrompt(path: implicit.path, line: 2)) }
        let empty = try folder.file("empty.jsonl", lines: [#"{"prompt": "b", "completion": "fine", "label": true}"#])
        XCTAssertThrowsError(try load(empty)) { error in
            guard case DPOError.noPairs = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains(empty.path))
        }
    }

    func testOverlongRecordsAreAnErrorOrTruncatedOrSkipped() throws {
        let folder = try DPOTestFolder()
        defer { folder.remove() }
        let long = String(repeating: "the answer is long ", count: 12)
        let url = try folder.file("long.jsonl", lines: [
            #"{"prompt": "short", "chosen": "ok", "rejected": "no"}"#,
            #"{"prompt": "short", "chosen": "ok", "rejected": "\#(long)"}"#,
            #"{"prompt": "short", "chosen": "fine", "rejected": "bad"}"#,
        ])
        XCTAssertThrowsError(try load(url, context: 24)) { error in
            guard case DPOError.tooLong(let path, let line, _, let completion, 24) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, url.path)
            XCTAssertEqual(line, 2)
            XCTAssertGreaterThan(completion, 20)
            XCTAssertTrue("\(error)".contains("\(url.path):2"))
        }
        let truncated = try load(url, context: 24, overlong: .truncate)
        XCTAssertEqual(truncated.truncatedCompletions, 1)
        let cut = truncated.training[1]
        XCTAssertEqual(cut.prompt.count + cut.rejected.count - 1, 24)  // fills the context exactly
        XCTAssertNoThrow(try CompletionBatch(pairs: truncated.training, padding: 0, contextLength: 24))
        let skipped = try load(url, context: 24, overlong: .skip)
        XCTAssertEqual(skipped.skippedOverlong, 1)
        XCTAssertEqual(skipped.training.map(\.line), [1, 3])
        // A prompt that leaves no room at all cannot be truncated.
        let longPrompt = try folder.file("long-prompt.jsonl", lines: [#"{"prompt": "\#(long)", "chosen": "ok", "rejected": "no"}"#])
        XCTAssertThrowsError(try load(longPrompt, context: 24, overlong: .truncate)) { error in
            guard case DPOError.promptTooLong(_, 1, _, 24) = error else { return XCTFail("\(error)") }
        }
    }

    func testWorldFormatGivesTheTemplates() throws {
        let folder = try DPOTestFolder()
        defer { folder.remove() }
        let good = #"{"format": {"document": "Q: {prompt}\nA: {response}", "policy_input": "Q: {prompt}\nA:", "end_of_text": "<|endoftext|>"}}"#
        try Data(good.utf8).write(to: folder.url.appendingPathComponent("world.json"))
        let format = try PolicyTextFormat(worldDirectory: folder.url)
        XCTAssertEqual(format, self.format)
        XCTAssertEqual(format.completionText("  Paris. <|endoftext|>more"), " Paris.")
        let bad = try DPOTestFolder()
        defer { bad.remove() }
        try Data(#"{"format": {"document": "{prompt} => {response}", "policy_input": "Q: {prompt}\nA:"}}"#.utf8)
            .write(to: bad.url.appendingPathComponent("world.json"))
        XCTAssertThrowsError(try PolicyTextFormat(worldDirectory: bad.url)) { error in
            guard case DPOError.badWorldFormat(let path, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasSuffix("world.json"))
        }
        XCTAssertThrowsError(try PolicyTextFormat(worldDirectory: bad.url.appendingPathComponent("none")))
    }
}
