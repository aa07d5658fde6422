import Foundation
import XCTest
@testable import Model
@testable import Tensor
import Tokenizer
@testable import Train

/// Prompt files, the JSONL output and the text-to-text wiring behind `ceiling generate`.
final class GenerationIOTests: XCTestCase {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-generation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testPromptFileReadsPromptsAndNamesTheFaultyLine() throws {
        let good = Data("\u{FEFF}{\"prompt\": \"one\", \"family\": \"x\"}\r\n\n  \n{\"prompt\": \"\"}\n{\"prompt\": \"thrée\"}".utf8)
        XCTAssertEqual(try PromptFile.parse(good, path: "p.jsonl"), ["one", "", "thrée"])
        let cases: [(String, PromptFileError)] = [
            ("{\"prompt\": \"a\"}\n{\"prompt\": \"b\"\n", .invalidJSON(path: "p.jsonl", line: 2)),
            ("[1, 2]\n", .notAnObject(path: "p.jsonl", line: 1)),
            ("{\"prompt\": \"a\"}\n\n{\"chosen\": \"b\"}\n", .missingPrompt(path: "p.jsonl", line: 3)),
            ("{\"prompt\": 5}\n", .promptNotAString(path: "p.jsonl", line: 1)),
            ("\n\n", .noPrompts(path: "p.jsonl")),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try PromptFile.parse(Data(text.utf8), path: "p.jsonl")) { XCTAssertEqual($0 as? PromptFileError, expected) }
        }
        XCTAssertEqual(PromptFileError.missingPrompt(path: "p.jsonl", line: 3).description, "p.jsonl:3: missing field \"prompt\"")
        let missing = try temporaryDirectory().appendingPathComponent("none.jsonl")
        XCTAssertThrowsError(try PromptFile.read(contentsOf: missing)) {
            guard case .unreadable(let path, _)? = $0 as? PromptFileError else { return XCTFail("\($0)") }
            XCTAssertEqual(path, missing.path)
        }
    }

    func testJSONLinesKeepFieldOrderAndFlatten() throws {
        let record = GenerationRecord(prompt: "Q \"1\"/", completions: ["a", "b\n"], logprobs: [[-0.5], [-1.25, -2]],
                                      tokenIDs: [[1], [2, 3]], finishReasons: [.endOfText, .maxTokens])
        let nested = String(decoding: try GenerationJSONL.encode([record], flat: false), as: UTF8.self)
        XCTAssertEqual(nested, #"{"prompt":"Q \"1\"/","completions":["a","b\n"],"logprobs":[[-0.5],[-1.25,-2]],"finish_reasons":["end_of_text","max_tokens"]}"# + "\n")
        let flat = String(decoding: try GenerationJSONL.encode([record], flat: true), as: UTF8.self)
        XCTAssertEqual(flat, #"{"prompt":"Q \"1\"/","completion":"a"}"# + "\n" + #"{"prompt":"Q \"1\"/","completion":"b\n"}"# + "\n")
        // Flat lines are valid prompt files again (every line has a "prompt").
        XCTAssertEqual(try PromptFile.parse(Data(flat.utf8), path: "flat.jsonl"), ["Q \"1\"/", "Q \"1\"/"])
        let out = try temporaryDirectory().appendingPathComponent("sub/out.jsonl")
        try GenerationJSONL.write([record], flat: false, to: out)
        XCTAssertEqual(try String(contentsOf: out, encoding: .utf8), nested)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path), ["out.jsonl"],
                       "no temporary file is left behind")
    }

    /// Text in, text out with a trained tokenizer: n samples per prompt, stream numbering independent of the
    /// batch size, the end-of-text token stripped from the text but kept in the ids and log-probabilities.
    func testTextGeneratorSamplesEachPromptNTimes() throws {
        let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: fixtures.appendingPathComponent("tokenizer/train_ceiling.json"))
        let endOfText = try XCTUnwrap(tokenizer.specialTokenID("<|endoftext|>"))
        let model = try GPT(config: GPTConfig(vocabularySize: tokenizer.vocabSize, contextLength: 32, layerCount: 2, headCount: 2, embeddingWidth: 16))
        var generator = Xoshiro256StarStar(seed: 2)
        model.initializeWeights(generator: &generator)
        // Final hidden states near ±3 and an aligned <|endoftext|> embedding: about 10% per token, so some completions stop.
        for i in 0..<16 {
            model.parameter("ln_f.bias")![i] = i % 2 == 0 ? 3 : -3
            model.parameter("wte.weight")![endOfText * 16 + i] = i % 2 == 0 ? 0.075 : -0.075
        }
        let config = SamplingConfig(temperature: 1, maxNewTokens: 12, seed: 4)
        let prompts = ["the cat", "", "a b c d"]
        let records = try TextGenerator(model: model, tokenizer: tokenizer, config: config, batchSize: 16).generate(prompts: prompts, samplesPerPrompt: 3)
        XCTAssertEqual(records.map(\.prompt), prompts)
        var stopped = 0
        for record in records {
            XCTAssertEqual(record.completions.count, 3)
            for (j, ids) in record.tokenIDs.enumerated() {
                XCTAssertEqual(record.logprobs[j].count, ids.count)
                let textIDs = record.finishReasons[j] == .endOfText ? Array(ids.dropLast()) : ids
                if record.finishReasons[j] == .endOfText {
                    stopped += 1
                    XCTAssertEqual(ids.last, Int32(endOfText))
                } else {
                    XCTAssertEqual(ids.count, 12)
                }
                XCTAssertFalse(textIDs.contains(Int32(endOfText)))
                XCTAssertEqual(record.completions[j], try tokenizer.decode(textIDs.map(Int.init)))
            }
        }
        XCTAssertGreaterThan(stopped, 0, "the end-of-text token stops some completions")
        XCTAssertLessThan(stopped, 9)
        var reported: [Int] = []
        let smallBatches = try TextGenerator(model: model, tokenizer: tokenizer, config: config, batchSize: 2)
            .generate(prompts: prompts, samplesPerPrompt: 3) { done, total in
                XCTAssertEqual(total, 9)
                reported.append(done)
            }
        XCTAssertEqual(smallBatches.map(\.tokenIDs), records.map(\.tokenIDs))
        XCTAssertEqual(reported, [2, 4, 6, 8, 9], "progress after every batch")
        let long = String(repeating: "the cat ", count: 40)
        XCTAssertThrowsError(try TextGenerator(model: model, tokenizer: tokenizer, config: config, batchSize: 4).generate(prompts: ["ok", long], samplesPerPrompt: 2)) {
            guard case let .promptTooLong(index, _, contextLength)? = $0 as? GenerationError else { return XCTFail("\($0)") }
            XCTAssertEqual(index, 1, "the error names the prompt, not the expanded sequence")
            XCTAssertEqual(contextLength, 32)
        }
        XCTAssertThrowsError(try TextGenerator(model: model, tokenizer: tokenizer, config: config, batchSize: 4).generate(prompts: ["ok"], samplesPerPrompt: 0))
        // A template changes what the model reads, not the recorded prompt: equal to sampling the filled-in text.
        let templated = try TextGenerator(model: model, tokenizer: tokenizer, config: config, batchSize: 4, template: "Q: {prompt}\nA:")
            .generate(prompts: ["the cat"], samplesPerPrompt: 2)
        let filledIn = try TextGenerator(model: model, tokenizer: tokenizer, config: config, batchSize: 4)
            .generate(prompts: ["Q: the cat\nA:"], samplesPerPrompt: 2)
        XCTAssertEqual(templated[0].prompt, "the cat")
        XCTAssertEqual(templated[0].tokenIDs, filledIn[0].tokenIDs)
        XCTAssertNotEqual(templated[0].tokenIDs, records[0].tokenIDs)
        XCTAssertThrowsError(try TextGenerator(model: model, tokenizer: tokenizer, config: config, batchSize: 4, template: "Q: {x}")) {
            guard case .invalidSetting(let name, _, _)? = $0 as? GenerationError else { return XCTFail("\($0)") }
            XCTAssertEqual(name, "template")
        }
    }
}
