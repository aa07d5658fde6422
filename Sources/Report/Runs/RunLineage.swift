import Foundation

/// The artefacts a run was built from, found by following the paths its config recorded: the reward
/// model run(s), their preference data and its annotator agreement report, the reward model's
/// evaluation (eval.json), and the SFT run of the policy. What cannot be found is listed in `missing`.
public struct RunLineage: Sendable {
    public var run: RunFiles
    public var rewardRuns: [RunFiles] = []
    public var preferenceData: URL?
    public var agreementURL: URL?
    public var agreement: JSONValue?
    public var rewardEvalURL: URL?
    public var rewardEval: JSONValue?
    public var policyRun: RunFiles?
    /// What was looked for and not found, as sentences for the report.
    public var missing: [String] = []

    /// The reward paths an optimization config names (`rewards` online, `reward` best-of-n).
    public var rewardPaths: [String] {
        (run.config["rewards"] ?? run.config["reward"])?.array?.compactMap(\.string) ?? run.config["reward"]?.string.map { [$0] } ?? []
    }

    public static func trace(_ run: RunFiles, rewardEval explicitEval: URL? = nil) -> RunLineage {
        var lineage = RunLineage(run: run)
        let isRewardRun = run.method == "reward"
        if isRewardRun {
            lineage.rewardRuns = [run]
        } else {
            for path in lineage.rewardPaths {
                guard let url = run.resolve(path) else { lineage.missing.append("reward model \(path): not found"); continue }
                guard let runURL = RunFiles.enclosingRun(of: url), let record = try? RunFiles.load(runURL) else {
                    lineage.missing.append("reward model \(path): no run directory (config.json with a method) around it"); continue
                }
                if !lineage.rewardRuns.contains(where: { $0.url == record.url }) { lineage.rewardRuns.append(record) }
            }
        }
        if let rewardRun = lineage.rewardRuns.first {
            if let data = rewardRun.config["data"]?.string {
                if let url = rewardRun.resolve(data) {
                    lineage.preferenceData = url
                    let agreement = url.deletingPathExtension().appendingPathExtension("agreement.json")
                    if let value = try? JSONValue.read(agreement) {
                        lineage.agreementURL = agreement
                        lineage.agreement = value
                    } else {
                        lineage.missing.append("annotator agreement report \(agreement.path): not found")
                    }
                } else {
                    lineage.missing.append("preference data \(data): not found")
                }
            }
            let candidates = explicitEval.map { [$0] } ?? evalCandidates(for: rewardRun.url)
            if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }), let value = try? JSONValue.read(found) {
                lineage.rewardEvalURL = found
                lineage.rewardEval = value
            } else {
                lineage.missing.append("reward-model evaluation (looked for \(candidates.map(\.lastPathComponent).joined(separator: ", ")))")
            }
        }
        let policyPath = isRewardRun ? run.config["init"]?.string : run.config["policy"]?.string
        if let policyPath {
            if let url = run.resolve(policyPath), let runURL = RunFiles.enclosingRun(of: url), let record = try? RunFiles.load(runURL) {
                lineage.policyRun = record
            } else {
                lineage.missing.append("policy run of \(policyPath): not found")
            }
        }
        return lineage
    }

    /// Where `ceiling reward eval --out` is usually written: inside the run, or next to it.
    static func evalCandidates(for rewardRun: URL) -> [URL] {
        let parent = rewardRun.deletingLastPathComponent(), name = rewardRun.lastPathComponent
        return [rewardRun.appendingPathComponent("eval.json"), parent.appendingPathComponent("\(name)-eval.json"),
                parent.appendingPathComponent("\(name).eval.json")]
    }
}
