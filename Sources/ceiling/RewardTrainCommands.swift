import ArgumentParser

// Owned by the reward-model work (issue 7, items 1–4).
struct RewardTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Train a reward model or ensemble (not yet implemented).")
    func run() throws { throw ValidationError("ceiling reward train is not implemented yet") }
}

struct RewardScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score", abstract: "Score completions with a reward model (not yet implemented).")
    func run() throws { throw ValidationError("ceiling reward score is not implemented yet") }
}
