import Foundation

/// Online runs keep each held-out evaluation's samples in `evaluations/step-N.jsonl` (sample i is the
/// same prompt and random stream at every evaluation). From the files of the gold peak and of the
/// last evaluation, the standard error of "end minus peak" is that of the per-prompt differences
/// (`Difference.paired`), the SE of the difference itself. Samples drawn with the same streams from
/// different weights are only weakly correlated once the policies diverge, so this SE is close to
/// √(se_end² + se_peak²) and on the demo's runs has come out larger as often as smaller: pairing makes
/// the test exact, not necessarily tighter.
extension RunRecord {
    static func pairedOnlineGoldDrop(run: URL, evaluations: [EvaluationPoint]) throws -> PairedGoldDrop? {
        let measured = evaluations.compactMap { point in point.metrics[MetricName.goldReward].map { (point.index, $0.value) } }
        guard let last = measured.last, let position = RewardPeak.highest(measured.map(\.1)) else { return nil }
        let peak = measured[position]
        guard peak.0 != last.0,
              let peakGold = try sampleGold(run: run, step: peak.0), let endGold = try sampleGold(run: run, step: last.0) else { return nil }
        guard let standardError = pairedStandardError(endGold, minus: peakGold) else { return nil }
        // The drop is the rows' own (so it matches the curve exactly); only its SE comes from the samples.
        return PairedGoldDrop(peakIndex: peak.0, drop: peak.1 - last.1, standardError: standardError)
    }

    /// Standard error of a − b paired over the samples both files hold (by prompt when the files name
    /// their prompts: a prompt asked several times counts once); nil with fewer than two such units or
    /// when a sample's prompt differs (then the two evaluations were not drawn on the same held-out set
    /// and cannot be paired).
    static func pairedStandardError(_ a: [Int: SampleGold], minus b: [Int: SampleGold]) -> Double? {
        pairedDifference(a, minus: b)?.standardError
    }

    static func pairedDifference(_ a: [Int: SampleGold], minus b: [Int: SampleGold]) -> Difference? {
        var first: [Double] = [], second: [Double] = [], prompts: [String] = []
        // In sample order: a dictionary's own order changes from process to process, and with it the
        // sum's last bits.
        for sample in a.keys.sorted() {
            guard let x = a[sample], let y = b[sample] else { continue }
            guard x.prompt == y.prompt else { return nil }
            first.append(x.gold)
            second.append(y.gold)
            prompts.append(x.prompt ?? "sample \(sample)")
        }
        return Difference.paired(first, minus: second, prompts: prompts)
    }

    /// gold(step a) − gold(step b) of an online run, paired from its evaluation sample files; nil when
    /// either file is missing or they are not of the same prompts.
    static func pairedGold(run: URL, step a: Int, minus b: Int) -> Difference? {
        guard let x = try? sampleGold(run: run, step: a), let y = try? sampleGold(run: run, step: b) else { return nil }
        return pairedDifference(x, minus: y)
    }

    /// One held-out sample's prompt and gold reward.
    struct SampleGold {
        var prompt: String?
        var gold: Double
    }

    /// sample → prompt and gold of `evaluations/step-N.jsonl`; nil when the run did not keep that file.
    static func sampleGold(run: URL, step: Int) throws -> [Int: SampleGold]? {
        let url = run.appendingPathComponent("evaluations/step-\(step).jsonl")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw MismatchError.unreadable(path: url.path, reason: "not UTF-8 text")
        }
        var gold: [Int: SampleGold] = [:]
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw MismatchError.malformedJSON(path: url.path, line: offset + 1, reason: "not a JSON object")
            }
            guard let sample = object["sample"] as? Int else { throw MismatchError.missingField(path: url.path, line: offset + 1, field: "sample") }
            guard let value = object["gold_reward"] as? Double else { return nil }  // no world: no gold to pair
            gold[sample] = SampleGold(prompt: object["prompt"] as? String, gold: value)
        }
        return gold
    }
}
