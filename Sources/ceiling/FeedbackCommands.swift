import ArgumentParser

// Owned by the Feedback work (issue 5): `ceiling world`, `ceiling feedback`, `ceiling gold`.
struct WorldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "world", abstract: "The synthetic world (not yet implemented).")
    func run() throws { throw ValidationError("ceiling world is not implemented yet") }
}

struct FeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feedback", abstract: "Simulated annotators and preference data (not yet implemented).")
    func run() throws { throw ValidationError("ceiling feedback is not implemented yet") }
}

struct GoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gold", abstract: "Gold reward of the synthetic world (not yet implemented).")
    func run() throws { throw ValidationError("ceiling gold is not implemented yet") }
}
