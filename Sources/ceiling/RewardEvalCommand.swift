import ArgumentParser

// Owned by the reward-evaluation work (issue 7, item 5).
struct RewardEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Evaluate a reward model (not yet implemented).")
    func run() throws { throw ValidationError("ceiling reward eval is not implemented yet") }
}
