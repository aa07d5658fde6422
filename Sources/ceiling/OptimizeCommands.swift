import ArgumentParser

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Optimize a policy against a reward model or ensemble (best-of-n, PPO, RLOO, GRPO) or on preferences (DPO, IPO).",
        // One line per method; each command lives in its own file.
        subcommands: [OptimizeBoNCommand.self, OptimizePPOCommand.self, OptimizeRLOOCommand.self, OptimizeGRPOCommand.self,
                      OptimizeDPOCommand.self, OptimizeIPOCommand.self]
    )
}
