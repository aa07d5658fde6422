import Foundation
import Optimize

/// An online run's own held-out samples (`evaluations/step-N.jsonl`, written at every evaluation):
/// the same prompts and random streams at step 0, at the measured gold peak and at the end, so the
/// report needs no sampling of its own when they are there.
public enum EvaluationSamples {
    /// Samples at the first evaluation, the evaluation at `peakStep` and the last one; nil when the run
    /// kept no evaluation files (older runs), so the caller can sample checkpoints instead.
    public static func load(run: RunFiles, peakStep: Int?, shown: Int) throws -> [CheckpointSamples]? {
        let folder = run.url.appendingPathComponent("evaluations")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return nil }
        let steps = names.compactMap { name -> Int? in
            guard name.hasPrefix("step-"), name.hasSuffix(".jsonl") else { return nil }
            return Int(name.dropFirst(5).dropLast(6))
        }.sorted()
        guard let first = steps.first, let last = steps.last else { return nil }
        var chosen: [(step: Int, label: String)] = [(first, "step \(first)")]
        if let peakStep, steps.contains(peakStep), peakStep != first, peakStep != last { chosen.append((peakStep, "step \(peakStep) (peak)")) }
        if last != first { chosen.append((last, "step \(last) (end)")) }
        return try chosen.map { step, label in
            let url = EvaluationSample.url(run: run.url, step: step)
            let samples: [EvaluationSample]
            do { samples = try EvaluationSample.read(from: url) } catch {
                throw ReportError.sampling(run: run.url.path, reason: "\(error)")
            }
            let golds = samples.compactMap(\.goldReward)
            return CheckpointSamples(
                label: label, source: url.path,
                shown: samples.prefix(shown).map { ShownCompletion(prompt: $0.prompt, completion: $0.completion, proxy: $0.proxyReward, gold: $0.goldReward) },
                proxy: samples.map(\.proxyReward), gold: golds.count == samples.count ? golds : nil,
                lengths: samples.map { Double($0.responseLength) }, weights: nil)
        }
    }
}
