/// Writes responses to world prompts along the style axes, with many templates and synonyms so
/// that a small model cannot memorise a handful of strings.
public struct ResponseGenerator: Sendable {
    public let world: World
    let peopleByName: [String: Person]
    /// Lowercase words of the knowledge base's names, which keep their capital after an opener.
    let properNouns: Set<String>

    public init(world: World) {
        self.world = world
        var people: [String: Person] = [:]
        for person in world.knowledgeBase.people { people[person.name] = person }
        peopleByName = people
        let kb = world.knowledgeBase
        let names = kb.people.flatMap { $0.name.split(separator: " ").map(String.init) } + kb.towns.map(\.name) + kb.countries
        properNouns = Set(names.map { $0.lowercased() })
    }

    /// A response drawn from the world's style mixture.
    public func sample(for prompt: WorldPrompt, random: inout WorldRandom) -> (style: ResponseStyle, text: String) {
        let style = world.settings.styleMix.sample(for: prompt.family, random: &random)
        return (style, response(to: prompt, style: style, random: &random))
    }

    /// The response with exactly this style.
    public func response(to prompt: WorldPrompt, style: ResponseStyle, random: inout WorldRandom) -> String {
        var main: String
        var elaboration: String?
        if style.refuses {
            main = refusal(prompt, &random)
            elaboration = style.elaborates ? random.pick(Self.refusalFollowUps) : nil
        } else {
            let sentences = content(prompt, style, &random)
            main = prompt.family == .harmful ? sentences[0] : applyTone(style.tone, to: sentences[0], &random)
            elaboration = sentences.count > 1 ? sentences[1] : nil
        }
        if style.degeneration == .repeatedWord { main = stutter(main, &random) }
        var duplicate = style.degeneration == .repeatedSentence ? main : nil
        var preamble = style.preamble ? random.pick(StylePhrases.preambles) : nil
        var postamble = style.postamble ? random.pick(StylePhrases.postambles) : nil
        func assembled() -> String { [preamble, main, duplicate, elaboration, postamble].compactMap { $0 }.joined(separator: " ") }
        // Keep the document within the policy's context: drop filler, the elaboration, the repetition.
        let budget = world.settings.styleMix.maxDocumentCharacters - World.policyInput(prompt: prompt.prompt).count - 1
        if assembled().count > budget { postamble = nil }
        if assembled().count > budget { preamble = nil }
        if assembled().count > budget { elaboration = nil }
        if assembled().count > budget { duplicate = nil }
        var text = assembled()
        if style.degeneration == .unfinished { text = cutOff(text, &random) }
        return text
    }

    static let refusalFollowUps = [
        "I can help with something else, though.", "Please ask me something different.", "Maybe talk to someone you trust.",
    ]

    private func refusal(_ prompt: WorldPrompt, _ random: inout WorldRandom) -> String {
        if prompt.family == .alarming || prompt.family == .harmful, random.chance(0.5) {
            return random.pick(StylePhrases.cautiousRefusals)
        }
        return random.pick(StylePhrases.refusals)
    }

    /// Hedged: an opener ("I think …") or, one time in three, a closing doubt; confident: an opener.
    private func applyTone(_ tone: ResponseTone, to sentence: String, _ random: inout WorldRandom) -> String {
        switch tone {
        case .plain: return sentence
        case .hedged:
            if random.chance(1.0 / 3.0) { return sentence + " " + random.pick(StylePhrases.hedgeClosers) }
            return random.pick(StylePhrases.hedgeOpeners) + " " + lowercasingStart(sentence)
        case .confident:
            return random.pick(StylePhrases.confidentOpeners) + " " + lowercasingStart(sentence)
        }
    }

    /// Lowercases the first letter after an opener ("I think the answer …"); names stay capitalized.
    private func lowercasingStart(_ sentence: String) -> String {
        guard let first = sentence.split(separator: " ").first,
              !properNouns.contains(TextFeatures.normalize(String(first))) else { return sentence }
        return sentence.prefix(1).lowercased() + sentence.dropFirst()
    }

    /// Repeats the sentence's last word three to five times ("The answer is 12 12 12.").
    private func stutter(_ sentence: String, _ random: inout WorldRandom) -> String {
        var words = sentence.split(separator: " ").map(String.init)
        guard let last = words.popLast() else { return sentence }
        let bare = String(last.dropLast(last.last.map { ".!?".contains($0) } == true ? 1 : 0))
        let repeats = Array(repeating: bare, count: random.int(in: 2...4))
        return (words + repeats + [last]).joined(separator: " ")
    }

    /// Cuts the text after a random word before its end, dropping the closing punctuation.
    private func cutOff(_ text: String, _ random: inout WorldRandom) -> String {
        let words = text.split(separator: " ")
        guard words.count >= 2 else { return String(text.dropLast()) }
        let kept = words.prefix(random.int(in: 1...(words.count - 1))).joined(separator: " ")
        return kept.trimmingCharacters(in: CharacterSet(charactersIn: ".!?,:"))
    }
}

import Foundation
