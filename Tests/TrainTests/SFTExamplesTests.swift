import Foundation
import XCTest
@testable import Tensor
@testable import Tokenizer
@testable import Train

final class SFTExamplesTests: XCTestCase {
    var folder: URL!
    var tokenizer: ByteLevelBPETokenizer!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ceiling-sft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        tokenizer = try ByteLevelBPETokenizer.train(text: "Q: what is two plus two? A: four. Q: say hi. A: hi.", vocabSize: 280)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ lines: [String]) throws -> URL {
        let url = folder.appendingPathComponent("data-\(UUID().uuidString).jsonl")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testMaskCoversCompletionAndEndOfTextOnly() throws {
        let example = SFTExamples.Example(tokens: [10, 11, 12, 13, 14], promptLength: 3)  // prompt 10 11 12, completion 13, eot 14
        let short = SFTExamples.Example(tokens: [20, 21, 22], promptLength: 2)
        let batch = SFTExamples.batch([example, short])
        XCTAssertEqual(batch.T, 4)
        XCTAssertEqual(batch.inputs, [10, 11, 12, 13, 20, 21, 0, 0])
        XCTAssertEqual(batch.targets, [11, 12, 13, 14, 21, 22, 0, 0])
        // Targets 13 and 14 (completion, end-of-text) count; prompt targets and padding do not.
        XCTAssertEqual(batch.mask, [0, 0, 1, 1, 0, 1, 0, 0])
    }

    func testBatchesComeFromOneLengthBucket() throws {
        var lines: [String] = []
        for i in 0..<40 {
            let completion = i % 2 == 0 ? "hi." : String(repeating: "four plus two is six. ", count: 3)
            lines.append(#"{"prompt": "Q: say hi. A:", "completion": " \#(completion)"}"#)
        }
        let data = try SFTExamples(url: try write(lines), tokenizer: tokenizer, contextLength: 128, heldOutFraction: 0.1)
        XCTAssertEqual(data.buckets.count, 2)
        XCTAssertEqual(data.heldOut.count, 4)
        var generator = Xoshiro256StarStar(seed: 3)
        var shapes = Set<Int>()
        for _ in 0..<20 {
            let batch = data.sampleBatch(B: 4, generator: &generator)
            shapes.insert(batch.T)
            XCTAssertEqual(batch.mask?.count, 4 * batch.T)
        }
        XCTAssertEqual(shapes.count, 2, "short batches are not padded to the long examples")
    }

    func testErrorsNameFileAndLine() throws {
        let long = String(repeating: "two plus two ", count: 40)
        let tooLong = try write([#"{"prompt": "Q:", "completion": "hi"}"#, #"{"prompt": "Q:", "completion": "\#(long)"}"#])
        XCTAssertThrowsError(try SFTExamples(url: tooLong, tokenizer: tokenizer, contextLength: 16, heldOutFraction: 0)) { error in
            guard case let .exampleTooLong(path, line, _, _)? = error as? TrainingError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, tooLong.path)
            XCTAssertEqual(line, 2)
        }
        let missing = try write([#"{"prompt": "Q:"}"#])
        XCTAssertThrowsError(try SFTExamples(url: missing, tokenizer: tokenizer, contextLength: 64, heldOutFraction: 0)) { error in
            XCTAssertTrue("\(error)".contains(":1"), "\(error)")
            XCTAssertTrue("\(error)".contains("completion"), "\(error)")
        }
    }
}
