import ArgumentParser

// Owned by the preference-data work (issue 5, item 5): `ceiling feedback stats FILE.jsonl`.
struct FeedbackStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Validate preference JSONL and print label statistics (not yet implemented).")
    func run() throws { throw ValidationError("ceiling feedback stats is not implemented yet") }
}
