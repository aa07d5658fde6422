/// Problems with the inputs of `ceiling reward eval`; each names the file and, where there is one, the line.
public enum RewardEvalError: Error, CustomStringConvertible, Equatable {
    /// The preference file holds no pair or ranking records to evaluate (only unpaired ones, or none).
    case noPairs(path: String)
    /// With a world, every record's prompt must be a prompt of that world.
    case unknownPrompt(path: String, line: Int, prompt: String)
    /// `--split` is neither `all` nor a fraction in (0, 1].
    case invalidSplit(String)
    /// The held-out fraction leaves no pair.
    case emptySplit(path: String, pairs: Int, fraction: Double)
    /// The reward function returned the wrong number of items or members.
    case rewardShape(expected: String, found: String)
    /// The reward function returned NaN or an infinity.
    case nonFiniteReward(item: Int, member: Int)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .noPairs(let path):
            return "\(path): no pair or ranking records to evaluate (unpaired {\"completion\",\"label\"} records are skipped)"
        case .unknownPrompt(let path, let line, let prompt):
            let short = prompt.count > 60 ? String(prompt.prefix(60)) + "…" : prompt
            return "\(path):\(line): the prompt \"\(short.replacingOccurrences(of: "\n", with: "\\n"))\" is not a prompt of the "
                + "world given with --world (prompts.jsonl), even without a trailing trigger phrase"
        case .invalidSplit(let text):
            return "invalid --split \"\(text)\": expected \"all\" or a held-out fraction in (0, 1], such as 0.2"
        case .emptySplit(let path, let pairs, let fraction):
            return "\(path): a held-out fraction of \(fraction) of \(pairs) pairs leaves no pair to evaluate"
        case .rewardShape(let expected, let found):
            return "the reward function returned \(found); expected \(expected)"
        case .nonFiniteReward(let item, let member):
            return "the reward function returned a non-finite reward (item \(item), member \(member))"
        case .writeFailed(let path, let reason):
            return "\(path): write failed: \(reason)"
        }
    }
}
