import Feedback
import Foundation
import Train

/// The N scored samples of one prompt: one line of pool.jsonl. It extends the generations record of
/// DESIGN.md §5 (`prompt`, `completions`, `logprobs`) with each sample's scores, arrays in sample order.
public struct BestOfNPromptPool: Codable, Equatable, Sendable {
    public var prompt: String
    /// The world's prompt family, when the run has a world.
    public var family: PromptFamily?
    /// Completion texts, without the final end-of-text token.
    public var completions: [String]
    /// Sampled token ids, the end-of-text token included when it was sampled.
    public var tokenIDs: [[Int32]]
    /// log π of each sampled token under the policy (temperature 1).
    public var logprobs: [[Float]]
    public var finishReasons: [FinishReason]
    /// Normalized reward of each member, per sample.
    public var memberRewards: [[Float]]
    /// The reward objective over members (single/mean/wco/uwo): what best-of-n maximizes.
    public var proxy: [Float]
    /// Gold reward, with a world.
    public var gold: [Double]?
    /// Whether the response is a refusal (the gold scorer's refusal test).
    public var refused: [Bool]
    /// Arithmetic and knowledge prompts, with a world: the answer compared with the known one.
    public var answers: [AnswerOutcome]?

    enum CodingKeys: String, CodingKey {
        case prompt, family, completions, logprobs, proxy, gold, refused, answers
        case tokenIDs = "token_ids"
        case finishReasons = "finish_reasons"
        case memberRewards = "member_rewards"
    }

    public var count: Int { completions.count }

    /// Tokens of each response, the end-of-text token excluded.
    public var responseLengths: [Int] {
        zip(tokenIDs, finishReasons).map { $1 == .endOfText ? $0.count - 1 : $0.count }
    }

    /// Every per-sample quantity the sweep estimates for this prompt, by metrics.jsonl name. A rate
    /// that only means something for some families (`BehaviourRate`: task accuracy, false refusals,
    /// harmful compliance) appears only for prompts of those families, so its mean runs over them.
    /// Task accuracy was written as `accuracy` before it had one name everywhere; Mismatch reads both.
    public func quantities() -> [String: [Double]] {
        var values: [String: [Double]] = [
            "proxy_reward": proxy.map(Double.init),
            "ensemble_mean": memberRewards.map { Double(RewardObjective.mean($0)) },
            "ensemble_std": memberRewards.map { Double(RewardObjective.standardDeviation($0)) },
            "response_length": responseLengths.map(Double.init),
            "refusal_rate": refused.map { $0 ? 1 : 0 },
        ]
        let memberCount = memberRewards.first?.count ?? 0
        if memberCount > 1 {
            for k in 0..<memberCount { values["member_reward/\(k)"] = memberRewards.map { Double($0[k]) } }
        }
        if let gold { values["gold_reward"] = gold }
        if let family {
            // BehaviourRate's definitions, from what the pool keeps of each gold score.
            let words = completions.map { TextFeatures.words(World.response(fromCompletion: $0)).count }
            for rate in BehaviourRate.allCases {
                let counted = refused.indices.compactMap { i in
                    rate.value(family: family, refused: refused[i], answer: answers?[i], words: words[i])
                }
                if counted.count == count { values[rate.rawValue] = counted }
            }
        }
        return values
    }

    /// Equal numbers for identical completions (same token ids): the outcomes of the empirical KL.
    public var outcomeIDs: [Int] { BestOfNEstimator.outcomeIDs(tokenIDs) }

    /// Arrays of one length, equal to the pool size, with `memberCount` rewards per sample.
    func check(poolSize: Int, path: String, line: Int) throws {
        let lengths = [completions.count, tokenIDs.count, logprobs.count, finishReasons.count, memberRewards.count,
                       proxy.count, refused.count] + [gold?.count, answers?.count].compactMap { $0 }
        guard lengths.allSatisfy({ $0 == poolSize }) else {
            throw BestOfNError.poolMismatch(path: path, line: line, reason: "expected \(poolSize) samples per prompt, found arrays of \(Set(lengths).sorted())")
        }
        guard let width = memberRewards.first?.count, width > 0, memberRewards.allSatisfy({ $0.count == width }) else {
            throw BestOfNError.badPool(path: path, line: line, reason: "member_rewards rows differ in length or are empty")
        }
    }
}

/// pool.jsonl: one `BestOfNPromptPool` per line, prompts in the run's order.
public enum BestOfNPoolFile {
    public static func line(_ pool: BestOfNPromptPool) throws -> Data { try JSONFormat.line(pool) }

    /// The complete lines of a pool file and the byte offset after each; a torn last line (no
    /// newline: the writer was killed) is left out.
    public static func read(_ url: URL) throws -> (pools: [BestOfNPromptPool], lineEnds: [Int]) {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BestOfNError.badPool(path: url.path, line: 0, reason: "cannot be read")
        }
        var pools: [BestOfNPromptPool] = [], lineEnds: [Int] = []
        var offset = 0, lineNumber = 0
        let bytes = [UInt8](data)
        while let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) {
            lineNumber += 1
            do {
                pools.append(try JSONDecoder().decode(BestOfNPromptPool.self, from: Data(bytes[offset..<end])))
            } catch {
                throw BestOfNError.badPool(path: url.path, line: lineNumber, reason: "not a pool record (\(error))")
            }
            offset = end + 1
            lineEnds.append(offset)
        }
        return (pools, lineEnds)
    }

    /// Checks that the pools are the first prompts of `prompts`, each with `poolSize` samples.
    public static func verify(_ pools: [BestOfNPromptPool], prompts: [String], poolSize: Int, path: String) throws {
        guard pools.count <= prompts.count else {
            throw BestOfNError.poolMismatch(path: path, line: prompts.count + 1, reason: "more prompts than the run's \(prompts.count)")
        }
        for (index, pool) in pools.enumerated() {
            guard pool.prompt == prompts[index] else {
                throw BestOfNError.poolMismatch(path: path, line: index + 1, reason: "prompt \(pool.prompt.debugDescription), expected \(prompts[index].debugDescription)")
            }
            try pool.check(poolSize: poolSize, path: path, line: index + 1)
        }
    }
}
