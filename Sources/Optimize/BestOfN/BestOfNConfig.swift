import Feedback
import Foundation
import Train

/// Every setting of `ceiling optimize bon`, with its default, in one place. Written verbatim into the
/// run's config.json (snake_case keys, `"method": "bon"`, `"objective"`).
public struct BestOfNConfig: Codable, Equatable, Sendable {
    public var method = "bon"
    /// The policy's model directory (config.json, model.safetensors, tokenizer.json).
    public var policy = ""
    /// Reward model, ensemble or reward run directories; their members form one ensemble.
    public var reward: [String] = []
    public var objective: RewardObjectiveKind = .single
    /// λ of UWO; Coste et al. (2023) used 0.5 for best-of-n.
    public var uwoLambda = 0.5
    /// The world directory: enables gold reward, answer accuracy and refusal figures by family.
    public var world: String?
    /// JSONL of {"prompt": …}; default: the world's `split` prompts.
    public var promptsFile: String?
    public var split: Split = .eval
    /// At most this many prompts, spread evenly over the list (the world lists prompts by family,
    /// so an even spread keeps the families' shares); nil takes them all.
    public var promptLimit: Int?
    /// Pool size N: samples drawn per prompt, once; the sweep reports n = 1, 2, 4, …, N.
    public var n = 256
    public var temperature: Float = 1
    public var topK: Int?
    public var topP: Float = 1
    public var maxNewTokens = 64
    /// What the policy reads, `{prompt}` standing for the prompt (the world's policy input).
    public var template = "Q: {prompt}\nA:"
    /// Sequences sampled together (does not change the samples).
    public var samplingBatchSize = 64
    /// Rejection sampling: keep the samples whose objective reaches the prompt's pool quantile q.
    public var rejectionQuantiles = [0.5, 0.75, 0.9, 0.95, 0.99]
    /// Gold at n = N counts as fallen from the best n when below it by more than this many standard errors of
    /// the difference, measured on the half of the prompts that did not choose that n (summary.json `gold_fall_test`).
    public var peakStandardErrors = 2.0
    /// Sample j of prompt i draws from random stream i·N + j of this seed.
    public var seed: UInt64 = 0
    public var out = "runs/bon"

    public init() {}

    enum CodingKeys: String, CodingKey {
        case method, policy, reward, objective, world, split, n, temperature, template, seed, out
        case uwoLambda = "uwo_lambda"
        case promptsFile = "prompts_file"
        case promptLimit = "prompt_limit"
        case topK = "top_k"
        case topP = "top_p"
        case maxNewTokens = "max_new_tokens"
        case samplingBatchSize = "sampling_batch_size"
        case rejectionQuantiles = "rejection_quantiles"
        case peakStandardErrors = "peak_standard_errors"
    }

    /// Prompts sampled together: as many whole pools as fill one sampling batch (at least one).
    /// Rounds start at multiples of this count, so a resumed run batches exactly as an uninterrupted one.
    public var promptsPerRound: Int { max(1, samplingBatchSize / max(n, 1)) }

    public var rewardObjective: RewardObjective { RewardObjective(kind: objective, uwoLambda: uwoLambda) }

    /// The sampler's settings (the end-of-text id comes from the policy's tokenizer).
    public func sampling(endOfTextID: Int32?) -> SamplingConfig {
        SamplingConfig(temperature: temperature, topK: topK, topP: topP, maxNewTokens: maxNewTokens,
                       stopAtEndOfText: true, endOfTextID: endOfTextID, seed: seed)
    }

    /// Throws `BestOfNError.invalidSetting` for the first setting out of range.
    public func validate() throws {
        func fail(_ name: String, _ value: Any, _ expected: String) -> BestOfNError {
            .invalidSetting(name: name, value: "\(value)", expected: expected)
        }
        guard method == "bon" else { throw fail("method", method, "\"bon\"") }
        guard !policy.isEmpty else { throw fail("policy", "\"\"", "a model directory") }
        guard !reward.isEmpty, reward.allSatisfy({ !$0.isEmpty }) else { throw fail("reward", reward, "one or more reward directories") }
        guard uwoLambda.isFinite, uwoLambda >= 0 else { throw fail("uwo_lambda", uwoLambda, "a finite number ≥ 0") }
        guard world != nil || promptsFile != nil else { throw BestOfNError.noPromptSource }
        if let promptLimit, promptLimit < 1 { throw fail("prompt_limit", promptLimit, "≥ 1") }
        guard n >= 1 else { throw fail("n", n, "≥ 1") }
        // The pool's log-probs, the analytic KL log n − (n−1)/n and the empirical KL are all relative to π
        // itself, which only sampling at temperature 1 without truncation draws from.
        let untruncated = "1 (KL is reported against π itself; tempered or truncated sampling is not supported)"
        guard temperature == 1 else { throw fail("temperature", temperature, untruncated) }
        if let topK { throw fail("top_k", topK, "unset (\(untruncated))") }
        guard topP == 1 else { throw fail("top_p", topP, untruncated) }
        guard maxNewTokens >= 1 else { throw fail("max_new_tokens", maxNewTokens, "≥ 1") }
        guard template.contains("{prompt}") else { throw fail("template", template.debugDescription, "a text containing {prompt}") }
        guard samplingBatchSize >= 1 else { throw fail("sampling_batch_size", samplingBatchSize, "≥ 1") }
        for q in rejectionQuantiles where !(q >= 0 && q < 1) { throw fail("rejection_quantiles", q, "quantiles in [0, 1)") }
        guard peakStandardErrors.isFinite, peakStandardErrors > 0 else { throw fail("peak_standard_errors", peakStandardErrors, "> 0") }
        guard !out.isEmpty else { throw fail("out", "\"\"", "a run directory") }
    }
}
