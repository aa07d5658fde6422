import Foundation
import Tokenizer

/// `ceiling world generate`: the world, its corpus and the tokenizer trained on that corpus,
/// written to a directory.
public enum WorldGeneration {
    /// The policy's context in tokens; world.json reports how many documents exceed it.
    public static let policyContext = 64

    @discardableResult
    public static func generate(settings: WorldSettings, to directory: URL) throws -> WorldManifest {
        guard settings.corpusDocuments > 0 else { throw WorldError.invalidSetting(name: "corpus documents", reason: "must be positive") }
        guard settings.vocabularySize > 257 else { throw WorldError.invalidSetting(name: "vocabulary size", reason: "must exceed 257 (bytes and <|endoftext|>)") }
        let world = World.generate(settings: settings)
        let corpus = Corpus.generate(world: world, documents: settings.corpusDocuments)
        let tokenizer = try WorldTokenizer.train(corpus: corpus.text, vocabularySize: settings.vocabularySize)
        let lengths = WorldTokenizer.documentLengths(corpus: corpus.text, tokenizer: tokenizer)
        try WorldFiles.createDirectory(directory)
        try tokenizer.write(to: directory.appendingPathComponent(WorldFiles.tokenizerName))
        let figures = WorldManifest.TokenFigures(
            tokens: lengths.reduce(0, +), vocabularySize: tokenizer.vocabSize,
            meanDocumentTokens: lengths.isEmpty ? 0 : Double(lengths.reduce(0, +)) / Double(lengths.count),
            maxDocumentTokens: lengths.max() ?? 0,
            documentsOverContext: lengths.filter { $0 > policyContext }.count)
        return try WorldFiles.write(world: world, corpus: corpus, tokens: figures, to: directory)
    }
}

/// The one place where the world meets the tokenizer.
enum WorldTokenizer {
    static func train(corpus: String, vocabularySize: Int) throws -> ByteLevelBPETokenizer {
        try ByteLevelBPETokenizer.train(text: corpus, vocabSize: vocabularySize, specialTokens: [World.endOfText])
    }

    /// Tokens per document, each counted with its closing `<|endoftext|>`.
    static func documentLengths(corpus: String, tokenizer: ByteLevelBPETokenizer) -> [Int] {
        let ids = tokenizer.encode(corpus, allowedSpecial: [World.endOfText])
        guard let end = tokenizer.specialTokenID(World.endOfText) else { return [ids.count] }
        var lengths: [Int] = []
        var current = 0
        for id in ids {
            current += 1
            if id == end {
                lengths.append(current)
                current = 0
            }
        }
        if current > 0 { lengths.append(current) }
        return lengths
    }
}
