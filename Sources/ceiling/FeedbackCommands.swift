import ArgumentParser
import Feedback
import Foundation

/// Prints a library error without the usage text and exits with status 1.
private func failing(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CustomStringConvertible where error is Error {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode.failure
    }
}

struct WorldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "world", abstract: "The synthetic world, where the gold reward is known.",
        subcommands: [WorldGenerateCommand.self])
}

struct WorldGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a world: prompts, knowledge base, base corpus and its tokenizer.",
        discussion: """
        Writes into DIR: prompts.jsonl (one prompt per line with "family", "split" and what the gold \
        reward needs to judge a response), world.json (settings, the knowledge base, corpus and \
        tokenizer figures), corpus.txt (documents "Q: {prompt}\\nA: {response}" on training prompts, \
        each followed by <|endoftext|>) and tokenizer.json (byte-level BPE trained on corpus.txt). \
        The same seed and options give the same bytes. See docs/world.md.
        """)

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 0

    @Option(help: "Output directory (created if missing).")
    var out: String

    @Option(help: "Documents in corpus.txt (the default is about 470k tokens).")
    var documents: Int = 14_000

    @Option(help: "Vocabulary size of the world's tokenizer, the 256 bytes and <|endoftext|> included.")
    var vocabSize: Int = 1024

    @Option(help: "People in the knowledge base.")
    var people: Int = 60

    @Option(help: "Towns in the knowledge base.")
    var towns: Int = 24

    func validate() throws {
        guard documents > 0 else { throw ValidationError("--documents must be positive") }
        guard vocabSize > 257 else { throw ValidationError("--vocab-size must exceed 257") }
        guard people > 0, towns > 1 else { throw ValidationError("--people must be positive and --towns at least 2") }
    }

    func run() throws {
        var settings = WorldSettings(seed: seed)
        settings.corpusDocuments = documents
        settings.vocabularySize = vocabSize
        settings.people = people
        settings.towns = towns
        try failing {
            let manifest = try WorldGeneration.generate(settings: settings, to: URL(fileURLWithPath: out))
            let splits = Split.allCases.map { "\($0.rawValue) \(manifest.promptsPerSplit[$0.rawValue] ?? 0)" }.joined(separator: ", ")
            Log.ceiling.info("world written to \(out)")
            print("prompts: \(splits)")
            if let corpus = manifest.corpus { print("corpus: \(corpus.documents) documents, \(corpus.characters) characters") }
            if let t = manifest.tokenizer {
                print("tokenizer: \(t.vocabularySize) tokens; corpus \(t.tokens) tokens, \(String(format: "%.1f", t.meanDocumentTokens)) per document "
                    + "(max \(t.maxDocumentTokens), \(t.documentsOverContext) over \(WorldGeneration.policyContext))")
            }
        }
    }
}

struct FeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Simulated annotators and preference data.",
        subcommands: [FeedbackSimulateCommand.self, FeedbackStatsCommand.self]
    )
}

struct FeedbackSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Label pairs of responses with simulated annotators.",
        discussion: """
        Responses come from the world's generator (the corpus's style mixture, on training prompts \
        drawn by the family mix, resampled so that the gold rewards of a pair differ) or, with \
        --responses, from a JSONL file of {"prompt", "completions": […]} lines such as policy samples \
        (the prompt is the raw prompt text of prompts.jsonl, or "Q: {prompt}\\nA:"; an unknown prompt \
        is an error naming the line). Writes preference JSONL (pairs for --k 2, rankings otherwise; \
        "scores" holds the gold rewards) and the agreement report next to it (prefs.agreement.json), \
        which is also printed. The same seed gives the same bytes.
        """)

    @Option(help: "World directory written by `ceiling world generate`.")
    var world: String

    @Option(help: "A preset (ideal, noisy, biased, strong, poisoned, diverse) or an annotator pool JSON file (docs/world.md).")
    var annotators: String = "biased"

    @Option(help: "Number of labeled items (pairs, or rankings with --k above 2).")
    var pairs: Int = 3000

    @Option(help: "Responses per item: 2 for pairs, more for k-wise rankings.")
    var k: Int = 2

    @Option(help: "JSONL of {\"prompt\", \"completions\": […]} to label instead of generated responses.")
    var responses: String?

    @Option(help: "Split whose prompts generated responses answer (train, eval or test).")
    var split: String = "train"

    @Option(help: "Seed of every random choice.")
    var seed: UInt64 = 0

    @Option(help: "Output preference file (JSONL).")
    var out: String

    func validate() throws {
        guard pairs > 0 else { throw ValidationError("--pairs must be positive") }
        guard k >= 2 else { throw ValidationError("--k must be at least 2") }
        guard Split(rawValue: split) != nil else { throw ValidationError("--split must be train, eval or test") }
    }

    func run() throws {
        try failing {
            let world = try WorldFiles.load(directory: URL(fileURLWithPath: self.world))
            let pool = try AnnotatorPool.resolve(annotators)
            var options = FeedbackSimulation.Options(items: pairs, seed: seed)
            options.k = k
            options.responses = responses.map { URL(fileURLWithPath: $0) }
            options.split = Split(rawValue: split) ?? .train
            let output = URL(fileURLWithPath: out)
            let report = try FeedbackSimulation.run(world: world, pool: pool, options: options, output: output)
            print(report.summary)
            Log.ceiling.info("wrote \(out) and \(FeedbackSimulation.agreementURL(for: output).path)")
        }
    }
}

struct GoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gold", abstract: "The gold reward of the synthetic world.",
        subcommands: [GoldScoreCommand.self])
}

struct GoldScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Print the gold reward of each {\"prompt\", \"completion\"} line.",
        discussion: """
        Prints one JSON object per input line, in order: "total", "components" (correctness, \
        helpfulness, refusal, tone, verbosity, repetition, unfinished; they sum to the total), \
        "family", "refused", "answer" (correct, wrong, mixed or missing, for arithmetic and \
        knowledge), "hedged", "confident", "words", "sentences". The prompt is the raw prompt text \
        of prompts.jsonl or "Q: {prompt}\\nA:"; the completion is read up to <|endoftext|>. An \
        unknown prompt or a malformed line is an error naming the line. See docs/world.md.
        """)

    @Option(help: "World directory written by `ceiling world generate`.")
    var world: String

    @Option(help: "JSONL input, one {\"prompt\", \"completion\"} object per line.")
    var input: String

    @Flag(help: "Also print the behaviour rates over the file (task_accuracy, false_refusal_rate, harmful_compliance_rate: the definitions every run uses) to stderr.")
    var rates = false

    func run() throws {
        try failing {
            let world = try WorldFiles.load(directory: URL(fileURLWithPath: self.world))
            var scores: [GoldScore] = []
            try GoldScoring.scoreFile(url: URL(fileURLWithPath: input), world: world) { _, score in
                print(try GoldScoring.jsonLine(score))
                if rates { scores.append(score) }
            }
            guard rates else { return }
            for (name, rate) in GoldScoring.rates(scores).sorted(by: { $0.key < $1.key }) {
                FileHandle.standardError.write(Data(String(format: "%@ %.4f (%d of %d)\n", name, rate.rate ?? .nan, rate.hits, rate.count).utf8))
            }
        }
    }
}
