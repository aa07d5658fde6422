import ArgumentParser

/// The `ceiling` command line: argument parsing and wiring only; the work lives in the modules.
@main
struct Ceiling: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ceiling",
        abstract: "RLHF on real transformers, with the objective mismatch made measurable.",
        subcommands: [
            ModelCommand.self,
            TrainCommand.self,
            GenerateCommand.self,
            RewardCommand.self,
            OptimizeCommand.self,
            TokenizeCommand.self,
            TokenizerCommand.self,
            WorldCommand.self,
            FeedbackCommand.self,
            GoldCommand.self,
            ReportCommand.self,
            LabelCommand.self,
            DemoCommand.self,
        ]
    )
}
