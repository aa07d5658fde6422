// The records of preference data, one per JSONL line, in the conventions TRL users already have.

/// A pairwise preference: `{"prompt", "chosen", "rejected"}`. Without a prompt (nil) it is the
/// implicit format, where `chosen` and `rejected` each hold the prompt as well.
public struct PreferencePair: Hashable, Sendable {
    public var prompt: PreferenceText?
    public var chosen: PreferenceText
    public var rejected: PreferenceText
    public var annotator: String?
    public var family: String?
    /// Optional per-completion scores, `[chosen, rejected]`.
    public var scores: [Double]?

    public init(prompt: PreferenceText?, chosen: PreferenceText, rejected: PreferenceText,
                annotator: String? = nil, family: String? = nil, scores: [Double]? = nil) {
        self.prompt = prompt
        self.chosen = chosen
        self.rejected = rejected
        self.annotator = annotator
        self.family = family
        self.scores = scores
    }
}

/// A single completion labelled good (`true`) or bad (`false`): `{"prompt", "completion", "label"}` (KTO style).
public struct UnpairedFeedback: Hashable, Sendable {
    public var prompt: PreferenceText?
    public var completion: PreferenceText
    public var label: Bool
    public var annotator: String?
    public var family: String?

    public init(prompt: PreferenceText?, completion: PreferenceText, label: Bool,
                annotator: String? = nil, family: String? = nil) {
        self.prompt = prompt
        self.completion = completion
        self.label = label
        self.annotator = annotator
        self.family = family
    }
}

/// A k-wise ranking: `{"prompt", "completions", "ranking"}`, where `ranking` lists indices into
/// `completions` from best to worst and is a permutation of `0..<completions.count`.
public struct RankedCompletions: Hashable, Sendable {
    public var prompt: PreferenceText?
    public var completions: [PreferenceText]
    /// Indices into `completions`, best first.
    public var ranking: [Int]
    public var annotator: String?
    public var family: String?
    /// Optional scores, one per completion (in `completions` order, not ranking order).
    public var scores: [Double]?

    public init(prompt: PreferenceText?, completions: [PreferenceText], ranking: [Int],
                annotator: String? = nil, family: String? = nil, scores: [Double]? = nil) {
        self.prompt = prompt
        self.completions = completions
        self.ranking = ranking
        self.annotator = annotator
        self.family = family
        self.scores = scores
    }

    /// The completions from best to worst.
    public var rankedCompletions: [PreferenceText] { ranking.map { completions[$0] } }
}

/// The JSONL formats the reader recognises (TRL's names where TRL has one).
public enum PreferenceFormat: String, Codable, Sendable, CaseIterable {
    /// `{"prompt", "chosen", "rejected"}` with plain-text values.
    case standard
    /// `{"chosen", "rejected"}` without a prompt: each completion holds the prompt.
    case implicit
    /// A pair whose prompt or completions are lists of `{"role", "content"}` messages.
    case conversational
    /// `{"prompt", "completion", "label"}`.
    case unpaired
    /// `{"prompt", "completions", "ranking"}`.
    case ranking
}

/// One line of preference data, whatever its format.
public enum PreferenceRecord: Hashable, Sendable {
    case pair(PreferencePair)
    case unpaired(UnpairedFeedback)
    case ranking(RankedCompletions)

    public var format: PreferenceFormat {
        switch self {
        case .pair(let pair):
            let texts = [pair.prompt, pair.chosen, pair.rejected].compactMap { $0 }
            if texts.contains(where: { if case .messages = $0 { return true } else { return false } }) {
                return .conversational
            }
            return pair.prompt == nil ? .implicit : .standard
        case .unpaired: return .unpaired
        case .ranking: return .ranking
        }
    }

    public var prompt: PreferenceText? {
        switch self {
        case .pair(let pair): return pair.prompt
        case .unpaired(let feedback): return feedback.prompt
        case .ranking(let ranked): return ranked.prompt
        }
    }

    public var annotator: String? {
        switch self {
        case .pair(let pair): return pair.annotator
        case .unpaired(let feedback): return feedback.annotator
        case .ranking(let ranked): return ranked.annotator
        }
    }

    public var family: String? {
        switch self {
        case .pair(let pair): return pair.family
        case .unpaired(let feedback): return feedback.family
        case .ranking(let ranked): return ranked.family
        }
    }
}
