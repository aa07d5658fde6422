import Foundation
import Tensor

/// One held-out sample of an evaluation, as `evaluations/step-N.jsonl` keeps it. Sample i is drawn
/// from the same prompt and random stream at every evaluation, so two evaluations of a run (or of
/// two runs with the same evaluation settings) pair sample by sample: paired standard errors,
/// and the same prompts' completions at step 0, at the peak and at the end.
public struct EvaluationSample: Codable, Equatable, Sendable {
    public var sample: Int
    public var prompt: String
    public var family: String?
    public var completion: String
    public var proxyReward: Double
    public var memberRewards: [Double]
    public var goldReward: Double?
    public var kl: Double
    public var responseLength: Int
    public var refused: Bool

    public init(sample: Int, prompt: String, family: String?, completion: String, proxyReward: Double, memberRewards: [Double],
                goldReward: Double?, kl: Double, responseLength: Int, refused: Bool) {
        self.sample = sample
        self.prompt = prompt
        self.family = family
        self.completion = completion
        self.proxyReward = proxyReward
        self.memberRewards = memberRewards
        self.goldReward = goldReward
        self.kl = kl
        self.responseLength = responseLength
        self.refused = refused
    }

    enum CodingKeys: String, CodingKey {
        case sample, prompt, family, completion, kl, refused
        case proxyReward = "proxy_reward"
        case memberRewards = "member_rewards"
        case goldReward = "gold_reward"
        case responseLength = "response_length"
    }

    /// The per-sample records of a scored evaluation rollout (one sample per row); `kl` is the rollout's
    /// per-sample k1, already computed for the figures (`ScoredRollout.sampleFigures["kl"]`).
    public static func records(of scored: ScoredRollout, kl: [Double]) -> [EvaluationSample] {
        let r = scored.rollout
        return r.completions.indices.map { i in
            EvaluationSample(
                sample: i, prompt: r.prompts[i], family: scored.goldScores?[i].family.rawValue, completion: r.completions[i],
                proxyReward: Double(r.objectiveRewards[i]), memberRewards: r.memberRewards[i].map(Double.init),
                goldReward: scored.goldScores?[i].total ?? r.goldRewards.map { Double($0[i]) },
                kl: kl[i],
                responseLength: r.batch.completions[i].count - (r.endedWithEndOfText[i] ? 1 : 0), refused: scored.refused[i])
        }
    }

    /// `evaluations/step-N.jsonl` of a run directory, written atomically.
    public static func url(run: URL, step: Int) -> URL {
        run.appendingPathComponent("evaluations").appendingPathComponent("step-\(step).jsonl")
    }

    public static func write(_ samples: [EvaluationSample], to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for sample in samples {
            data.append(try encoder.encode(sample))
            data.append(0x0A)
        }
        try AtomicFile.write(data, to: url)
    }

    public static func read(from url: URL) throws -> [EvaluationSample] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw OnlineError.badEvaluationSamples(path: url.path, line: nil, reason: "missing or not UTF-8 text")
        }
        return try text.split(separator: "\n").enumerated().map { line, record in
            do { return try JSONDecoder().decode(EvaluationSample.self, from: Data(record.utf8)) } catch {
                throw OnlineError.badEvaluationSamples(path: url.path, line: line + 1, reason: "not an evaluation sample (\(error))")
            }
        }
    }
}
