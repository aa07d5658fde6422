import Foundation

/// Settings of the whole analysis.
public struct MismatchSettings: Codable, Equatable, Sendable {
    public var alarm = AlarmSettings()
    /// Standard errors a fall or a shift needs to count (gold decline, manifestations, alarm validation).
    public var significance = 2.0

    public init() {}
}

/// mismatch.json: every run's curves, fits, links, alarm and manifestations, the comparisons between
/// runs, the alarm's validation against gold, and the reward models' evaluations.
public struct MismatchSummary: Codable, Equatable, Sendable {
    public var version = 1
    public var settings: MismatchSettings
    public var runs: [RunAnalysis]
    public var comparisons: [RunComparison]
    /// The comparisons per objective, over seeds.
    public var objectiveComparisons: [ObjectiveComparison]
    /// Over the online runs with gold; nil when there are none.
    public var alarmValidation: AlarmValidation?
    public var rewardEvaluations: [RewardEvaluationRecord]

    enum CodingKeys: String, CodingKey {
        case version, settings, runs, comparisons
        case alarmValidation = "alarm_validation"
        case objectiveComparisons = "objective_comparisons"
        case rewardEvaluations = "reward_evaluations"
    }

    public static let fileName = "mismatch.json"

    /// Pretty JSON with sorted keys, written atomically (a temporary file in the same folder, renamed).
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(self).write(to: url, options: .atomic)
        } catch {
            throw MismatchError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    public static func read(_ url: URL) throws -> MismatchSummary {
        guard FileManager.default.fileExists(atPath: url.path) else { throw MismatchError.missingFile(path: url.path) }
        do {
            return try JSONDecoder().decode(MismatchSummary.self, from: Data(contentsOf: url))
        } catch {
            throw MismatchError.malformedJSON(path: url.path, line: nil, reason: "not a mismatch summary: \(error)")
        }
    }
}

/// The entry point for the report and the demo: run directories in, one summary out.
public enum MismatchAnalysis {
    public static func analyze(runs: [URL], rewardEvaluations: [URL] = [], settings: MismatchSettings = MismatchSettings()) throws -> MismatchSummary {
        guard !runs.isEmpty else { throw MismatchError.noRuns }
        var records = try runs.map { try RunRecord.read($0) }
        for (index, name) in RunNames.distinct(runs).enumerated() { records[index].name = name }
        return analyze(records: records, rewardEvaluations: try rewardEvaluations.map(RewardEvaluationRecord.read),
                       settings: settings)
    }

    public static func analyze(records: [RunRecord], rewardEvaluations: [RewardEvaluationRecord] = [],
                               settings: MismatchSettings = MismatchSettings()) -> MismatchSummary {
        let analyses = records.map { RunAnalysis.analyze($0, settings: settings) }
        let validation = AlarmValidation.validate(records, settings: settings.alarm, declineStandardErrors: settings.significance)
        let comparisons = RunComparison.pairs(analyses)
        return MismatchSummary(settings: settings, runs: analyses, comparisons: comparisons,
                               objectiveComparisons: ObjectiveComparison.aggregate(comparisons),
                               alarmValidation: validation.runs.isEmpty ? nil : validation, rewardEvaluations: rewardEvaluations)
    }
}
