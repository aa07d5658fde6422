/// Writes responses to world prompts along the style axes, with many templates and synonyms so
/// that a small model cannot memorise a handful of strings.
public struct ResponseGenerator: Sendable {
    public let world: World
    let peopleByName: [String: Person]

    public init(world: World) {
        self.world = world
        var people: [String: Person] = [:]
        for person in world.knowledgeBase.people { people[person.name] = person }
        peopleByName = people
    }

    /// A response drawn from the world's style mixture.
    public func sample(for prompt: WorldPrompt, random: inout WorldRandom) -> (style: ResponseStyle, text: String) {
        let style = world.settings.styleMix.sample(for: prompt.family, random: &random)
        return (style, response(to: prompt, style: style, random: &random))
    }

    /// The response with exactly this style.
    public func response(to prompt: WorldPrompt, style: ResponseStyle, random: inout WorldRandom) -> String {
        var core: [String]
        if style.refuses {
            core = [refusal(prompt, &random)]
            if style.elaborates { core.append(random.pick(Self.refusalFollowUps)) }
        } else {
            core = content(prompt, style, &random)
            core[0] = applyTone(style.tone, to: core[0], &random)
        }
        switch style.degeneration {
        case .repeatedSentence: core.insert(core[0], at: 1)
        case .repeatedWord: core[0] = stutter(core[0], &random)
        case .none, .unfinished: break
        }
        var parts: [String] = []
        if style.preamble { parts.append(random.pick(StylePhrases.preambles)) }
        parts += core
        if style.postamble { parts.append(random.pick(StylePhrases.postambles)) }
        var text = parts.joined(separator: " ")
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

    /// Lowercases a leading function word ("The answer …" → "the answer …"); names and digits stay.
    private func lowercasingStart(_ sentence: String) -> String {
        guard let first = sentence.split(separator: " ").first, StylePhrases.lowercasableStarts.contains(String(first)) else {
            return sentence
        }
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
