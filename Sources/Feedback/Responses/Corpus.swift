/// The base corpus: documents `"Q: {prompt}\nA: {response}"` on training prompts, with responses
/// drawn from the style mixture, each followed by `<|endoftext|>`.
public struct Corpus: Sendable {
    public var text: String
    public var documents: Int
    public var documentsPerFamily: [PromptFamily: Int]

    /// Families are drawn by the world's mix, prompts uniformly within the family's training split.
    public static func generate(world: World, documents: Int) -> Corpus {
        var random = WorldRandom(seed: world.settings.seed, stream: "corpus")
        let generator = ResponseGenerator(world: world)
        let byFamily = PromptFamily.allCases.map { family in world.prompts.filter { $0.family == family && $0.split == .train } }
        let weights = PromptFamily.allCases.enumerated().map { i, family in byFamily[i].isEmpty ? 0 : world.settings.familyMix[family] }
        var text = ""
        var counts: [PromptFamily: Int] = [:]
        guard weights.contains(where: { $0 > 0 }) else { return Corpus(text: "", documents: 0, documentsPerFamily: [:]) }
        for _ in 0..<documents {
            let f = random.weightedIndex(weights)
            let prompt = random.pick(byFamily[f])
            let response = generator.sample(for: prompt, random: &random).text
            text += World.document(prompt: prompt.prompt, response: response) + World.endOfText
            counts[prompt.family, default: 0] += 1
        }
        return Corpus(text: text, documents: documents, documentsPerFamily: counts)
    }
}
