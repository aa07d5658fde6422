import Foundation

/// The synthetic world: a knowledge base, the prompts with their known correct behaviour, and the
/// settings that generated them. Pure value; `WorldFiles` reads and writes it.
public struct World: Sendable {
    public let settings: WorldSettings
    public let knowledgeBase: KnowledgeBase
    public let prompts: [WorldPrompt]
    private let indexByText: [String: Int]

    /// Separates documents in corpus.txt and ends every completion the policy should produce.
    public static let endOfText = "<|endoftext|>"

    public init(settings: WorldSettings, knowledgeBase: KnowledgeBase, prompts: [WorldPrompt]) {
        self.settings = settings
        self.knowledgeBase = knowledgeBase
        self.prompts = prompts
        var index: [String: Int] = [:]
        for (i, prompt) in prompts.enumerated() where index[prompt.prompt] == nil { index[prompt.prompt] = i }
        indexByText = index
    }

    /// The text the policy is conditioned on: `"Q: {prompt}\nA:"`. The completion starts with a
    /// space and ends with `<|endoftext|>`; `document(prompt:response:)` is the corpus form.
    public static func policyInput(prompt: String) -> String { "Q: \(prompt)\nA:" }

    /// One training document (without the separator): the policy input, a space, the response.
    public static func document(prompt: String, response: String) -> String { policyInput(prompt: prompt) + " " + response }

    /// The response inside a policy completion: the text before the first `<|endoftext|>` (the
    /// rest was never meant to be read), without surrounding whitespace.
    public static func response(fromCompletion completion: String) -> String {
        let cut = completion.range(of: endOfText).map { String(completion[..<$0.lowerBound]) } ?? completion
        return cut.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The prompt with this text, given either raw (`"What is 7 plus 5?"`) or as the policy input
    /// (`"Q: What is 7 plus 5?\nA:"`); surrounding whitespace is ignored. Nil if the world lacks it.
    public func prompt(matching text: String) -> WorldPrompt? {
        var raw = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if raw.hasPrefix("Q:"), raw.hasSuffix("A:") {
            raw = String(raw.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return indexByText[raw].map { prompts[$0] }
    }

    public func prompts(in split: Split) -> [WorldPrompt] { prompts.filter { $0.split == split } }

    /// Generates the world deterministically from its settings (the seed included).
    public static func generate(settings: WorldSettings) -> World {
        var kbRandom = WorldRandom(seed: settings.seed, stream: "knowledge-base")
        let kb = KnowledgeBase.generate(people: settings.people, towns: settings.towns, random: &kbRandom)
        var promptRandom = WorldRandom(seed: settings.seed, stream: "prompts")
        let builder = PromptBuilder(knowledgeBase: kb, phrasingsPerQuestion: settings.phrasingsPerQuestion)
        var prompts = builder.allPrompts(random: &promptRandom)
        assignSplits(&prompts, settings: settings)
        return World(settings: settings, knowledgeBase: kb, prompts: prompts)
    }

    /// Stratified by family: each family's prompts are shuffled and cut at the split fractions.
    private static func assignSplits(_ prompts: inout [WorldPrompt], settings: WorldSettings) {
        var random = WorldRandom(seed: settings.seed, stream: "splits")
        for family in PromptFamily.allCases {
            var indices = prompts.indices.filter { prompts[$0].family == family }
            random.shuffle(&indices)
            let trainEnd = Int((Double(indices.count) * settings.trainFraction).rounded())
            let evalEnd = min(indices.count, trainEnd + Int((Double(indices.count) * settings.evalFraction).rounded()))
            for (rank, i) in indices.enumerated() {
                prompts[i].split = rank < trainEnd ? .train : (rank < evalEnd ? .eval : .test)
            }
        }
    }
}
