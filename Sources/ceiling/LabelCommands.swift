import ArgumentParser
import Dispatch
import Feedback
import Foundation
import Label

/// Runs async library work from the synchronous command tree, printing typed errors as
/// `error: …` and exiting 1.
func runLabelWork(_ work: @escaping @Sendable () async throws -> Void) throws {
    let semaphore = DispatchSemaphore(value: 0)
    let failure = LabelFailureBox()
    Task {
        do { try await work() } catch { failure.error = error }
        semaphore.signal()
    }
    semaphore.wait()
    if let error = failure.error {
        if error is ExitCode { throw error }
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

final class LabelFailureBox: @unchecked Sendable {
    var error: Error?
}

struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Collect preference labels from people: a labeling web app with quality control and agreement.",
        discussion: "See docs/labeling.md.",
        subcommands: [LabelServeCommand.self, LabelAddAnnotatorCommand.self, LabelStatsCommand.self,
                      LabelExportCommand.self, LabelImportCommand.self])
}

struct LabelDatabaseOption: ParsableArguments {
    @Option(help: "The labeling database (SQLite; created and migrated if needed).")
    var db: String
}

struct LabelAddAnnotatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-annotator",
        abstract: "Create an account and print its personal token (shown once; only its SHA-256 is stored).")

    @Argument(help: "The annotator's name (1 to 64 characters, unique).")
    var name: String

    @OptionGroup var database: LabelDatabaseOption

    @Flag(help: "An admin account: sees progress and statistics instead of labeling.")
    var admin = false

    func run() throws {
        let (name, admin, path) = (self.name, self.admin, database.db)
        try runLabelWork {
            let token = try await LabelDatabase(path: path).addAnnotator(name: name, isAdmin: admin)
            print(token)
        }
    }
}

struct LabelStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Print agreement (percent, Cohen's κ, Fleiss' κ, Krippendorff's α), QA accuracy, time per item, position and length bias.")

    @OptionGroup var database: LabelDatabaseOption

    @Option(help: "Labels wanted per task (default: the overlap `serve` last ran with).")
    var overlap: Int?

    @Flag(help: "Print the statistics as one JSON object instead of text.")
    var json = false

    func run() throws {
        let (path, overlap, json) = (database.db, self.overlap, self.json)
        try runLabelWork {
            let database = try LabelDatabase(path: path)
            let recorded = try await database.recordedOverlap()
            let statistics = LabelStatistics(snapshot: try await database.snapshot(), overlap: overlap ?? recorded)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                print(String(decoding: try encoder.encode(statistics), as: UTF8.self))
            } else {
                print(statistics.summary)
            }
        }
    }
}

struct LabelExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the labels as preference JSONL for `ceiling reward train`.",
        discussion: """
        Pairs become {"prompt", "chosen", "rejected", "annotator", "family"} rows and k-wise tasks \
        {"prompt", "completions", "ranking", …}. --mode annotator writes one row per label with \
        "confidence" and "reason"; --mode majority one row per task with "votes" and "agreement" \
        (majority vote for pairs, Borda count for rankings; tied tasks are left out and counted). \
        QA items are left out unless --include-qa. The file is written atomically.
        """)

    @OptionGroup var database: LabelDatabaseOption

    @Option(help: "Output preference file (JSONL).")
    var out: String

    @Option(help: "annotator (one row per label) or majority (one row per task).")
    var mode: String = "annotator"

    @Flag(help: "Also export labels of QA (gold/attention) items.")
    var includeQA = false

    func validate() throws {
        guard LabelExport.Mode(rawValue: mode) != nil else { throw ValidationError("--mode must be annotator or majority") }
    }

    func run() throws {
        let (path, out, mode, includeQA) = (database.db, self.out, LabelExport.Mode(rawValue: mode) ?? .annotator, self.includeQA)
        try runLabelWork {
            let snapshot = try await LabelDatabase(path: path).snapshot()
            let summary = try LabelExport.write(snapshot, mode: mode, includeQA: includeQA, to: URL(fileURLWithPath: out))
            print("wrote \(summary.rows) rows to \(out) (\(summary.ties) tied tasks left out, \(summary.qaLabels) QA labels left out)")
        }
    }
}

struct LabelImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a simulated annotator pool's labels, to compare `label stats` with the simulator's agreement report.",
        discussion: """
        Simulates exactly what `ceiling feedback simulate` does with the same --world, --annotators, \
        --pairs, --k and --seed, then stores every item as a task (with the gold rewards as reference \
        scores) and every label — both labels of double-labeled items — under the simulated \
        annotators' names. Prints the simulator's report over the same labels; `ceiling label stats` \
        then shows the same agreement with gold, length preference and inter-annotator agreement.
        """)

    @OptionGroup var database: LabelDatabaseOption

    @Option(help: "World directory written by `ceiling world generate`.")
    var world: String

    @Option(help: "A preset (ideal, noisy, biased, strong, poisoned, diverse) or an annotator pool JSON file.")
    var annotators: String = "biased"

    @Option(help: "Number of labeled items.")
    var pairs: Int = 500

    @Option(help: "Responses per item.")
    var k: Int = 2

    @Option(help: "Seed of every random choice (as for `feedback simulate`).")
    var seed: UInt64 = 0

    @Option(help: "Prefix of the imported tasks' ids (default sim-SEED).")
    var keyPrefix: String?

    func validate() throws {
        guard pairs > 0 else { throw ValidationError("--pairs must be positive") }
        guard (2...LabelTaskFile.maxCompletions).contains(k) else { throw ValidationError("--k must be 2 to \(LabelTaskFile.maxCompletions)") }
    }

    func run() throws {
        let (path, worldPath, annotators, pairs, k, seed) = (database.db, world, self.annotators, self.pairs, self.k, self.seed)
        let prefix = keyPrefix ?? "sim-\(seed)"
        try runLabelWork {
            let world = try WorldFiles.load(directory: URL(fileURLWithPath: worldPath))
            let pool = try AnnotatorPool.resolve(annotators)
            let items = FeedbackSimulator(world: world, pool: pool).simulateGenerated(items: pairs, k: k, seed: seed)
            let summary = try await LabelImport.simulated(items, keyPrefix: prefix, into: try LabelDatabase(path: path))
            print("imported \(summary.tasks) tasks and \(summary.labels) labels")
            print(LabelImport.referenceReport(items, pool: pool).summary)
        }
    }
}
