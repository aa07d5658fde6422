import Foundation

/// The loop every trainer shares (SFT, reward models): steps, one metrics row per step, held-out
/// figures every `evalEvery` steps, resumable atomic checkpoints every `checkpointEvery` steps and
/// at the last step, pruning. A step that throws (NaN guard, a kill) leaves earlier checkpoints as
/// they were. Trainers supply the step, the evaluation and the checkpoint contents.
public struct TrainingLoop {
    public var steps: Int
    public var evalEvery: Int
    public var checkpointEvery: Int
    public var keepCheckpoints: Int

    public init(steps: Int, evalEvery: Int, checkpointEvery: Int, keepCheckpoints: Int) {
        self.steps = steps
        self.evalEvery = evalEvery
        self.checkpointEvery = checkpointEvery
        self.keepCheckpoints = keepCheckpoints
    }

    /// A new run directory, or the existing one resumed from its newest step checkpoint: `restore`
    /// loads that checkpoint folder and returns the first step to run; metrics rows from it on are dropped.
    public static func open(at url: URL, config: some Encodable, resuming: Bool,
                            restore: (URL) throws -> Int) throws -> (run: RunDirectory, firstStep: Int) {
        guard resuming else { return (try RunDirectory.create(at: url, config: config), 0) }
        guard let latest = RunDirectory.stepCheckpoints(at: url).last else { throw RunDirectoryError.noCheckpoint(path: url.path) }
        let firstStep = try restore(latest.url)
        return (try RunDirectory.resume(at: url, fromStep: firstStep), firstStep)
    }

    /// Runs steps `firstStep..<steps` and returns the last row (nil when there was nothing to run).
    /// `evaluate` adds held-out figures to a row; `checkpoint(nextStep, folder)` fills a checkpoint.
    @discardableResult
    public func run<Row: Encodable>(from firstStep: Int, in run: RunDirectory,
                                    step: (Int) throws -> Row,
                                    evaluate: (inout Row) throws -> Void,
                                    report: (Row) throws -> Void,
                                    checkpoint: (Int, URL) throws -> Void) throws -> Row? {
        var last: Row?
        for index in firstStep..<max(firstStep, steps) {
            var row = try step(index)
            let isLast = index == steps - 1
            if index == 0 || (index + 1) % evalEvery == 0 || isLast { try evaluate(&row) }
            try run.appendMetrics(row)
            try report(row)
            last = row
            if (index + 1) % checkpointEvery == 0 || isLast {
                try run.writeCheckpoint(named: RunDirectory.checkpointName(step: index + 1)) { folder in try checkpoint(index + 1, folder) }
                run.pruneStepCheckpoints(keep: keepCheckpoints)
            }
        }
        return last
    }
}
