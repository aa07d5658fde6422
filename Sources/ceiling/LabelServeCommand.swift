import ArgumentParser
import Foundation
import Hummingbird
import Label

struct LabelServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the labeling web app.",
        discussion: """
        Loads the tasks ({"prompt", "completions": [a, b, …]} per line; "gold": INDEX marks a QA item; \
        "id", "family", "scores" optional) into the database — loading the same file again adds \
        nothing — and serves the annotator page at /label and the statistics at /admin. The database \
        is the single source of truth; stop and restart at will. See docs/labeling.md.
        """)

    @Option(help: "Tasks file (JSONL). Optional when the database already holds tasks.")
    var tasks: String?

    @OptionGroup var database: LabelDatabaseOption

    @Option(help: "Address to listen on (loopback by default; use 0.0.0.0 to serve a network).")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(help: "Labels wanted per task (overlap r: each task goes to r annotators).")
    var overlap: Int = 1

    @Option(help: "Share of items that are QA (gold/attention) items, while unseen ones remain.")
    var qaRate: Double = 0.1

    @Option(help: "Seed of the queue orders, the order responses are shown in and the QA draws.")
    var seed: UInt64 = 1

    @Option(help: "Labeling guidelines shown at /guidelines (a text or Markdown file, shown as written).")
    var guidelines: String?

    @Option(help: "Longest accepted reason, in characters.")
    var maxReason: Int = 1000

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535") }
        guard overlap >= 1 else { throw ValidationError("--overlap must be at least 1") }
        guard (0...1).contains(qaRate) else { throw ValidationError("--qa-rate must be between 0 and 1") }
        guard maxReason >= 1 else { throw ValidationError("--max-reason must be positive") }
    }

    func run() throws {
        var options = LabelSettings(overlap: overlap, qaRate: qaRate, seed: seed)
        options.maxReasonCharacters = maxReason
        let settings = options
        let (tasksPath, path, host, port, guidelinesPath) = (tasks, database.db, self.host, self.port, guidelines)
        try runLabelWork {
            let database = try LabelDatabase(path: path)
            if let tasksPath {
                let added = try await database.addTasks(try LabelTaskFile.read(url: URL(fileURLWithPath: tasksPath)))
                print("tasks: \(added) added from \(tasksPath)")
                fflush(stdout)
            }
            let count = try await database.tasks().count
            guard count > 0 else { throw LabelError.invalidSetting(name: "--tasks", reason: "the database has no tasks; give a tasks file") }
            var guidelinesText = "The researcher has not provided guidelines."
            if let guidelinesPath {
                do { guidelinesText = try String(contentsOfFile: guidelinesPath, encoding: .utf8) } catch {
                    throw LabelError.unreadableFile(path: guidelinesPath, reason: error.localizedDescription)
                }
            }
            try await database.recordOverlap(settings.overlap)
            let server = try await LabelServer(database: database, settings: settings, guidelines: guidelinesText)
            print("serving \(count) tasks on http://\(host):\(port)/ (database \(path))")
            fflush(stdout)
            try await server.application(host: host, port: port).runService()
        }
    }
}
