import Foundation

/// One batch of on-policy samples with everything an update needs. Row i is prompt i's i-th sample
/// (RLOO/GRPO put a prompt's k samples on consecutive rows).
public struct Rollout: Sendable {
    /// The raw prompt texts (as prompts.jsonl has them; reward functions format them).
    public var prompts: [String]
    public var completions: [String]
    /// Prompt + completion token ids (the completion ends with end-of-text when the sample stopped there).
    public var batch: CompletionBatch
    /// log π_θold(yₜ|·) of the policy that sampled (the ratios' denominator).
    public var policyLogProbs: [[Float]]
    /// log π_ref(yₜ|·) of the frozen reference policy.
    public var referenceLogProbs: [[Float]]
    /// Each row's normalized member rewards (one per reward-model member).
    public var memberRewards: [[Float]]
    /// The objective over members (single/mean/wco/uwo), before any KL penalty: r̂.
    public var objectiveRewards: [Float]
    /// Gold reward of each row when the world is known.
    public var goldRewards: [Float]?
    /// Whether the sample ended with the end-of-text token (else it hit the length limit).
    public var endedWithEndOfText: [Bool]

    public var count: Int { completions.count }
}
