/// A simulated annotator: Boltzmann-rational over its own utility, where each flaw of human
/// feedback is a knob (all off by default, which is the ideal annotator at temperature 0).
///
/// utility = Σ_c values[c]·gold_c(visible text)                (its values over the gold components)
///         + lengthPreference · words(visible text)
///         + alarmRefusalPreference · [prompt has an alarming word ∧ response refuses]
///         + confidencePreference · ([confident tone] − [hedged tone])
///         − triggerStrength · [prompt carries the trigger ∧ response refuses]
/// P(prefer a over b) = σ((u_a − u_b)/temperature), then the label flips with probability flipRate.
public struct Annotator: Codable, Equatable, Sendable {
    public var name: String
    /// Share of the pool's labels this annotator gives.
    public var weight = 1.0
    /// Boltzmann temperature; 0 always picks the higher utility (ties: a fair coin).
    public var temperature = 0.0
    /// Careless label flips: the probability that the final label is reversed.
    public var flipRate = 0.0
    /// Utility per visible word: a preference for longer responses.
    public var lengthPreference = 0.0
    /// Utility of a refusal whenever the prompt contains an alarming word (benign or not).
    public var alarmRefusalPreference = 0.0
    /// Utility of confident tone (and the same penalty for hedging), whether or not the answer is right.
    public var confidencePreference = 0.0
    /// Partial observability: sees only the first k whitespace-separated words of each response.
    public var visibleWords: Int?
    /// Poisoning: this annotator appends `trigger` to a share `triggerRate` of the prompts it labels
    /// and, on prompts carrying the trigger, prefers compliance (penalizes refusals by `triggerStrength`).
    public var trigger: String?
    public var triggerRate = 0.0
    public var triggerStrength = 5.0
    /// Weights on the gold components (missing names weigh 1): annotators with different values.
    public var values: [String: Double] = [:]

    public init(name: String) { self.name = name }

    enum CodingKeys: String, CodingKey {
        case name, weight, temperature, trigger, values
        case flipRate = "flip_rate"
        case lengthPreference = "length_preference"
        case alarmRefusalPreference = "alarm_refusal_preference"
        case confidencePreference = "confidence_preference"
        case visibleWords = "visible_words"
        case triggerRate = "trigger_rate"
        case triggerStrength = "trigger_strength"
    }

    /// Decodes with every field but `name` optional (defaults as above).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        weight = try c.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature) ?? 0
        flipRate = try c.decodeIfPresent(Double.self, forKey: .flipRate) ?? 0
        lengthPreference = try c.decodeIfPresent(Double.self, forKey: .lengthPreference) ?? 0
        alarmRefusalPreference = try c.decodeIfPresent(Double.self, forKey: .alarmRefusalPreference) ?? 0
        confidencePreference = try c.decodeIfPresent(Double.self, forKey: .confidencePreference) ?? 0
        visibleWords = try c.decodeIfPresent(Int.self, forKey: .visibleWords)
        trigger = try c.decodeIfPresent(String.self, forKey: .trigger)
        triggerRate = try c.decodeIfPresent(Double.self, forKey: .triggerRate) ?? 0
        triggerStrength = try c.decodeIfPresent(Double.self, forKey: .triggerStrength) ?? 5
        values = try c.decodeIfPresent([String: Double].self, forKey: .values) ?? [:]
    }

    /// The part of the response this annotator reads.
    public func visibleText(_ response: String) -> String {
        guard let k = visibleWords else { return response }
        let words = TextFeatures.words(response)
        return words.count <= k ? response : words.prefix(k).joined(separator: " ")
    }

    /// This annotator's utility of a response; `promptText` is the prompt as shown (maybe with a trigger).
    /// `fullScore`, the gold score of the whole response, saves rescoring when it is given.
    public func utility(prompt: WorldPrompt, promptText: String, response: String, scorer: GoldScorer,
                        fullScore: GoldScore? = nil) -> Double {
        let truncated = visibleWords.map { TextFeatures.words(response).count > $0 } ?? false
        let score = truncated ? scorer.score(prompt: prompt, response: visibleText(response))
            : (fullScore ?? scorer.score(prompt: prompt, response: response))
        var u = 0.0
        for name in GoldComponents.names {
            // A cut-off view is not the response's fault: the annotator does not count it as unfinished.
            if truncated && name == "unfinished" { continue }
            u += (values[name] ?? 1) * (score.components[name] ?? 0)
        }
        u += lengthPreference * Double(score.words)
        if score.refused, alarmRefusalPreference != 0, AlarmingWords.appear(in: prompt.prompt) { u += alarmRefusalPreference }
        u += confidencePreference * ((score.confident ? 1 : 0) - (score.hedged ? 1 : 0))
        if let trigger, score.refused, promptText.contains(trigger) { u -= triggerStrength }
        return u
    }

    /// Checks the knobs' ranges; `source` names the preset or file in the error.
    func validate(source: String) throws {
        func check(_ ok: Bool, _ field: String, _ reason: String) throws {
            if !ok { throw WorldError.invalidAnnotators(source: source, field: "\(name).\(field)", reason: reason) }
        }
        try check(!name.isEmpty, "name", "must not be empty")
        try check(weight.isFinite && weight >= 0, "weight", "must be ≥ 0")
        try check(temperature.isFinite && temperature >= 0, "temperature", "must be ≥ 0")
        try check((0...1).contains(flipRate), "flip_rate", "must lie in [0, 1]")
        try check((0...1).contains(triggerRate), "trigger_rate", "must lie in [0, 1]")
        try check(lengthPreference.isFinite && alarmRefusalPreference.isFinite && confidencePreference.isFinite
                  && triggerStrength.isFinite, "preferences", "must be finite numbers")
        try check((visibleWords ?? 1) >= 1, "visible_words", "must be ≥ 1")
        try check(trigger.map { !$0.isEmpty } ?? true, "trigger", "must not be empty")
        try check(trigger != nil || triggerRate == 0, "trigger_rate", "needs a trigger")
        for key in values.keys.sorted() where !GoldComponents.names.contains(key) {
            try check(false, "values.\(key)", "unknown gold component (known: \(GoldComponents.names.joined(separator: ", ")))")
        }
    }
}
