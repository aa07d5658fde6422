import XCTest
import Tokenizer
@testable import Feedback

final class WorldFilesTests: XCTestCase {
    static func smallSettings(seed: UInt64) -> WorldSettings {
        var settings = WorldSettings(seed: seed)
        settings.corpusDocuments = 300
        settings.vocabularySize = 320
        return settings
    }

    func testGenerateWritesTheSameBytesForTheSameSeed() throws {
        let root = try makeTemporaryDirectory()
        let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b"), c = root.appendingPathComponent("c")
        try WorldGeneration.generate(settings: Self.smallSettings(seed: 4), to: a)
        try WorldGeneration.generate(settings: Self.smallSettings(seed: 4), to: b)
        try WorldGeneration.generate(settings: Self.smallSettings(seed: 5), to: c)
        for name in [WorldFiles.manifestName, WorldFiles.promptsName, WorldFiles.corpusName, WorldFiles.tokenizerName] {
            let bytesA = try Data(contentsOf: a.appendingPathComponent(name))
            XCTAssertEqual(bytesA, try Data(contentsOf: b.appendingPathComponent(name)), name)
            XCTAssertNotEqual(bytesA, try Data(contentsOf: c.appendingPathComponent(name)), name)
        }
    }

    func testRoundTripAndTokenizerFigures() throws {
        let directory = try makeTemporaryDirectory()
        let manifest = try WorldGeneration.generate(settings: Self.smallSettings(seed: 4), to: directory)
        let loaded = try WorldFiles.load(directory: directory)
        let generated = World.generate(settings: Self.smallSettings(seed: 4))
        XCTAssertEqual(loaded.prompts, generated.prompts)
        XCTAssertEqual(loaded.knowledgeBase, generated.knowledgeBase)
        XCTAssertEqual(loaded.settings, generated.settings)
        let tokenizer = try ByteLevelBPETokenizer.load(contentsOf: directory.appendingPathComponent(WorldFiles.tokenizerName))
        XCTAssertEqual(tokenizer.vocabSize, 320)
        XCTAssertNotNil(tokenizer.specialTokenID(World.endOfText))
        let corpus = try String(contentsOf: directory.appendingPathComponent(WorldFiles.corpusName), encoding: .utf8)
        let ids = tokenizer.encode(corpus, allowedSpecial: [World.endOfText])
        XCTAssertEqual(manifest.tokenizer?.tokens, ids.count)
        XCTAssertEqual(ids.filter { $0 == tokenizer.specialTokenID(World.endOfText) }.count, 300)
        XCTAssertEqual(try tokenizer.decode(ids), corpus)
    }

    func testLoadErrorsNameTheFileAndField() throws {
        let directory = try makeTemporaryDirectory()
        XCTAssertThrowsError(try WorldFiles.load(directory: directory)) { error in
            XCTAssertEqual(error as? WorldError, .missingFile(path: directory.appendingPathComponent("world.json").path))
        }
        try WorldFiles.write(world: World.generate(settings: Self.smallSettings(seed: 1)),
                             corpus: Corpus(text: "", documents: 0, documentsPerFamily: [:]), tokens: nil, to: directory)
        let manifestURL = directory.appendingPathComponent("world.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: Any]
        json["knowledge_base"] = ["people": "nobody"]
        try JSONSerialization.data(withJSONObject: json).write(to: manifestURL)
        XCTAssertThrowsError(try WorldFiles.load(directory: directory)) { error in
            guard case .invalidFile(let path, let reason)? = error as? WorldError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, manifestURL.path)
            XCTAssertTrue(reason.contains("knowledge_base.people"), reason)
        }
        try Data("not json".utf8).write(to: manifestURL)
        XCTAssertThrowsError(try WorldFiles.load(directory: directory)) { error in
            XCTAssertEqual(error as? WorldError, .invalidFile(path: manifestURL.path, reason: "not valid JSON"))
        }
    }

    func testBadPromptLineNamesTheLine() throws {
        let directory = try makeTemporaryDirectory()
        try WorldFiles.write(world: World.generate(settings: Self.smallSettings(seed: 1)),
                             corpus: Corpus(text: "", documents: 0, documentsPerFamily: [:]), tokens: nil, to: directory)
        let promptsURL = directory.appendingPathComponent("prompts.jsonl")
        var lines = try String(contentsOf: promptsURL, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[2] = #"{"id": "x", "family": "poetry", "split": "train", "prompt": "Hi?"}"#
        try writeLines(lines, to: promptsURL)
        XCTAssertThrowsError(try WorldFiles.load(directory: directory)) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("prompts.jsonl:3"), text)
            XCTAssertTrue(text.contains("family"), text)
        }
        try Data().write(to: promptsURL)
        XCTAssertThrowsError(try WorldFiles.load(directory: directory)) { error in
            XCTAssertEqual(error as? WorldError, .invalidFile(path: promptsURL.path, reason: "no prompts"))
        }
    }

    func testInvalidSettingsAreRejected() throws {
        var settings = Self.smallSettings(seed: 1)
        settings.vocabularySize = 100
        XCTAssertThrowsError(try WorldGeneration.generate(settings: settings, to: try makeTemporaryDirectory())) { error in
            guard case .invalidSetting? = error as? WorldError else { return XCTFail("\(error)") }
        }
    }
}
