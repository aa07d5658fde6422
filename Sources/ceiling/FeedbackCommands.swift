import ArgumentParser

// Owned by the Feedback work (issue 5): `ceiling world`, `ceiling feedback simulate`, `ceiling gold`.
struct WorldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "world", abstract: "The synthetic world (not yet implemented).")
    func run() throws { throw ValidationError("ceiling world is not implemented yet") }
}

struct FeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Simulated annotators and preference data.",
        subcommands: [FeedbackSimulateCommand.self, FeedbackStatsCommand.self]
    )
}

struct FeedbackSimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "Label pairs with simulated annotators (not yet implemented).")
    func run() throws { throw ValidationError("ceiling feedback simulate is not implemented yet") }
}

struct GoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gold", abstract: "Gold reward of the synthetic world (not yet implemented).")
    func run() throws { throw ValidationError("ceiling gold is not implemented yet") }
}
