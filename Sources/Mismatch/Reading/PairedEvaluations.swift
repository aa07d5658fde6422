import Foundation

/// Online runs keep each held-out evaluation's samples in `evaluations/step-N.jsonl` (sample i is the
/// same prompt and random stream at every evaluation). From the files of the gold peak and of the
/// last evaluation, the standard error of "end minus peak" is that of the per-sample differences —
/// the paired figure, much smaller than √(se_end² + se_peak²) because the samples share prompts.
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

    /// Standard error of the mean per-sample difference a − b over the samples both files hold for the
    /// same prompt; nil with fewer than two such samples or when a sample's prompt differs (then the
    /// two evaluations were not drawn on the same held-out set and cannot be paired).
    static func pairedStandardError(_ a: [Int: SampleGold], minus b: [Int: SampleGold]) -> Double? {
        var differences: [Double] = []
        // In sample order: a dictionary's own order changes from process to process, and with it the
        // sum's last bits.
        for sample in a.keys.sorted() {
            guard let first = a[sample], let second = b[sample] else { continue }
            guard first.prompt == second.prompt else { return nil }
            differences.append(first.gold - second.gold)
        }
        guard differences.count > 1 else { return nil }
        let n = Double(differences.count)
        let mean = differences.reduce(0, +) / n
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (variance / n).squareRoot()
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
