import ArgumentParser

// The Reward work (issue 7). `train` and `score` live in RewardTrainCommands.swift, `eval` in RewardEvalCommand.swift.
struct RewardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reward",
        abstract: "Train, score and evaluate reward models and ensembles.",
        subcommands: [RewardTrainCommand.self, RewardScoreCommand.self, RewardEvalCommand.self]
    )
}
