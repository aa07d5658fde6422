import Foundation

/// The contents of world.json: the settings that generated the world, its knowledge base, the
/// document format and figures about the corpus and tokenizer.
public struct WorldManifest: Codable, Equatable, Sendable {
    public struct Format: Codable, Equatable, Sendable {
        public var policyInput = "Q: {prompt}\nA:"
        public var document = "Q: {prompt}\nA: {response}"
        public var endOfText = World.endOfText
        enum CodingKeys: String, CodingKey {
            case document
            case policyInput = "policy_input"
            case endOfText = "end_of_text"
        }
    }

    public struct CorpusFigures: Codable, Equatable, Sendable {
        public var documents: Int
        public var characters: Int
        public var documentsPerFamily: [String: Int]
        enum CodingKeys: String, CodingKey {
            case documents, characters
            case documentsPerFamily = "documents_per_family"
        }
    }

    /// The corpus measured in tokens of the world's tokenizer (each document with its `<|endoftext|>`).
    public struct TokenFigures: Codable, Equatable, Sendable {
        public var tokens: Int
        public var vocabularySize: Int
        public var meanDocumentTokens: Double
        public var maxDocumentTokens: Int
        /// Documents longer than the policy's 64-token context.
        public var documentsOverContext: Int
        enum CodingKeys: String, CodingKey {
            case tokens
            case vocabularySize = "vocabulary_size"
            case meanDocumentTokens = "mean_document_tokens"
            case maxDocumentTokens = "max_document_tokens"
            case documentsOverContext = "documents_over_context"
        }
    }

    public var version = 1
    public var settings: WorldSettings
    public var knowledgeBase: KnowledgeBase
    public var format = Format()
    public var promptsPerSplit: [String: Int]
    public var corpus: CorpusFigures?
    public var tokenizer: TokenFigures?

    enum CodingKeys: String, CodingKey {
        case version, settings, format, corpus, tokenizer
        case knowledgeBase = "knowledge_base"
        case promptsPerSplit = "prompts_per_split"
    }
}

/// Reading and writing a world directory: world.json, prompts.jsonl, corpus.txt, tokenizer.json.
public enum WorldFiles {
    public static let manifestName = "world.json"
    public static let promptsName = "prompts.jsonl"
    public static let corpusName = "corpus.txt"
    public static let tokenizerName = "tokenizer.json"

    /// Writes world.json, prompts.jsonl and corpus.txt (each atomically); the directory is created.
    @discardableResult
    public static func write(world: World, corpus: Corpus, tokens: WorldManifest.TokenFigures?, to directory: URL) throws -> WorldManifest {
        try createDirectory(directory)
        let prompts = try JSONLWriter(url: directory.appendingPathComponent(promptsName))
        for prompt in world.prompts { try prompts.write(prompt) }
        try prompts.finish()
        let corpusURL = directory.appendingPathComponent(corpusName)
        try AtomicFile.write(Data(corpus.text.utf8), to: corpusURL)
        let perFamily = Dictionary(uniqueKeysWithValues: corpus.documentsPerFamily.map { ($0.key.rawValue, $0.value) })
        let manifest = WorldManifest(
            settings: world.settings, knowledgeBase: world.knowledgeBase,
            promptsPerSplit: Dictionary(uniqueKeysWithValues: Split.allCases.map { ($0.rawValue, world.prompts(in: $0).count) }),
            corpus: .init(documents: corpus.documents, characters: corpus.text.count, documentsPerFamily: perFamily),
            tokenizer: tokens)
        let url = directory.appendingPathComponent(manifestName)
        try AtomicFile.write(try AtomicFile.encodeJSON(manifest, path: url.path), to: url)
        return manifest
    }

    static func createDirectory(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw WorldError.writeFailed(path: directory.path, reason: error.localizedDescription)
        }
    }

    /// Loads a world directory written by `write` (world.json and prompts.jsonl).
    public static func load(directory: URL) throws -> World {
        let manifestURL = directory.appendingPathComponent(manifestName)
        guard FileManager.default.fileExists(atPath: manifestURL.path) else { throw WorldError.missingFile(path: manifestURL.path) }
        let manifest: WorldManifest
        do {
            manifest = try JSONDecoder().decode(WorldManifest.self, from: Data(contentsOf: manifestURL))
        } catch let error as DecodingError {
            throw WorldError.invalidFile(path: manifestURL.path, reason: describe(error))
        } catch {
            throw WorldError.invalidFile(path: manifestURL.path, reason: error.localizedDescription)
        }
        let promptsURL = directory.appendingPathComponent(promptsName)
        guard FileManager.default.fileExists(atPath: promptsURL.path) else { throw WorldError.missingFile(path: promptsURL.path) }
        var prompts: [WorldPrompt] = []
        try JSONLReader(url: promptsURL).forEach(WorldPrompt.self) { _, prompt in prompts.append(prompt) }
        guard !prompts.isEmpty else { throw WorldError.invalidFile(path: promptsURL.path, reason: "no prompts") }
        return World(settings: manifest.settings, knowledgeBase: manifest.knowledgeBase, prompts: prompts)
    }

    /// A decoding error as "field a.b[2]: reason".
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field \"\(path(context.codingPath + [key]))\""
        case .typeMismatch(let type, let context): return "wrong type for \"\(path(context.codingPath))\": expected \(type)"
        case .valueNotFound(let type, let context): return "null for \"\(path(context.codingPath))\": expected \(type)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "invalid \"\(path(context.codingPath))\": \(context.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }
}
