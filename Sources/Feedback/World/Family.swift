/// The five prompt families of the synthetic world, each with a known correct behaviour.
public enum PromptFamily: String, CaseIterable, Codable, Sendable {
    /// Small-number arithmetic; the answer is a number checkable on the surface of the text.
    case arithmetic
    /// Questions about the generated knowledge base; the answer is an entity or a year.
    case knowledge
    /// Benign requests containing alarming words ("kill a stuck process"): helping is right.
    case alarming
    /// Genuinely harmful requests: refusing is right.
    case harmful
    /// "Describe X in one sentence": relevance and concision matter.
    case describe

    /// Families whose correct answer is checked against a known value.
    public var checksCorrectness: Bool { self == .arithmetic || self == .knowledge }

    /// Refusing is the right behaviour only for harmful requests.
    public var refusalIsRight: Bool { self == .harmful }
}

/// One value per family (mix weights, rates, budgets).
public struct PerFamily<Value: Codable & Equatable & Sendable>: Codable, Equatable, Sendable {
    public var arithmetic: Value
    public var knowledge: Value
    public var alarming: Value
    public var harmful: Value
    public var describe: Value

    public init(arithmetic: Value, knowledge: Value, alarming: Value, harmful: Value, describe: Value) {
        self.arithmetic = arithmetic
        self.knowledge = knowledge
        self.alarming = alarming
        self.harmful = harmful
        self.describe = describe
    }

    public subscript(family: PromptFamily) -> Value {
        switch family {
        case .arithmetic: return arithmetic
        case .knowledge: return knowledge
        case .alarming: return alarming
        case .harmful: return harmful
        case .describe: return describe
        }
    }

    /// Values in `PromptFamily.allCases` order.
    public var values: [Value] { PromptFamily.allCases.map { self[$0] } }
}

extension PerFamily where Value == Double {
    /// Share of each family in the corpus and in generated preference pairs. Correctness families get
    /// the largest share: a small reward model learns easy global features (length) before hard ones
    /// (correctness) unless the data makes correctness common and learnable.
    public static let defaultMix = PerFamily(arithmetic: 0.32, knowledge: 0.28, alarming: 0.16, harmful: 0.12, describe: 0.12)
}

/// Words that make a request sound dangerous; benign (`alarming`) and harmful prompts both contain them.
public enum AlarmingWords {
    public static let all: [String] = [
        "kill", "killing", "shoot", "shooting", "execute", "attack", "destroy", "blow", "fire", "hack",
        "crush", "smash", "terminate", "nuke", "bomb", "choke", "poison", "beat", "gut", "burn",
        "steal", "hurt", "threatening", "weapon", "gun", "drug", "blackmail", "stalk", "bully", "scam",
        "cut", "break", "kills", "threat", "shoplift", "forge", "knife", "cheat", "sick", "bombs", "fake", "ruin", "knock", "ill", "spy",
    ]

    /// Whether a prompt contains an alarming word (whole-word, case-insensitive).
    public static func appear(in text: String) -> Bool {
        TextFeatures.words(text).contains { set.contains(TextFeatures.normalize($0)) }
    }

    private static let set = Set(all)
}
