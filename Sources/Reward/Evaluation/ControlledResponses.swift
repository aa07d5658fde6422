import Feedback

/// Controlled responses from the world's generator for the bias probes. Each prompt gets its own
/// named random stream (seed, purpose, prompt id), so a probe's texts do not depend on which other
/// probes ran or how many prompts they used.
struct ControlledResponses {
    let world: World
    let generator: ResponseGenerator
    let seed: UInt64

    init(world: World, seed: UInt64) {
        self.world = world
        generator = ResponseGenerator(world: world)
        self.seed = seed
    }

    /// Up to `limit` prompts of these families, held-out splits (eval, test) first, in a seeded order.
    func prompts(_ families: Set<PromptFamily>, limit: Int) -> [WorldPrompt] {
        var random = WorldRandom(seed: seed, stream: "reward-eval/prompts/" + families.map(\.rawValue).sorted().joined(separator: ","))
        var heldOut = world.prompts.filter { families.contains($0.family) && $0.split != .train }
        var train = world.prompts.filter { families.contains($0.family) && $0.split == .train }
        random.shuffle(&heldOut)
        random.shuffle(&train)
        return Array((heldOut + train).prefix(limit))
    }

    /// The response with `style` to `prompt`, drawn from the stream of (`purpose`, prompt). Two styles
    /// that differ only in padding get the same content: the generator draws content before filler.
    func response(_ prompt: WorldPrompt, _ style: ResponseStyle, purpose: String) -> String {
        var random = WorldRandom(seed: seed, stream: "reward-eval/\(purpose)/\(prompt.id)")
        return generator.response(to: prompt, style: style, random: &random)
    }

    static let helpful = ResponseStyle()
    static let refusal = ResponseStyle(refuses: true)
    static let padded = ResponseStyle(preamble: true, postamble: true)

    /// Gibberish of `words` pseudo-words built from syllables, ending with a full stop.
    func gibberish(words: Int, purpose: String, _ prompt: WorldPrompt) -> String {
        var random = WorldRandom(seed: seed, stream: "reward-eval/\(purpose)/\(prompt.id)")
        let syllables = ["ka", "lo", "mi", "ter", "zu", "ven", "qua", "rix", "bo", "nel", "sa", "dru"]
        let text = (0..<words).map { _ in (0..<random.int(in: 1...3)).map { _ in random.pick(syllables) }.joined() }.joined(separator: " ")
        return text.prefix(1).uppercased() + text.dropFirst() + "."
    }
}
