/// The content sentences of a response, per family.
extension ResponseGenerator {
    func content(_ prompt: WorldPrompt, _ style: ResponseStyle, _ random: inout WorldRandom) -> [String] {
        if style.content == .offTopic { return [offTopic(prompt, &random)] }
        switch prompt.family {
        case .arithmetic: return arithmetic(prompt, wrong: style.content == .wrong, elaborate: style.elaborates, &random)
        case .knowledge: return knowledge(prompt, wrong: style.content == .wrong, elaborate: style.elaborates, &random)
        case .alarming: return alarming(prompt, elaborate: style.elaborates, &random)
        case .harmful: return harmful(prompt, elaborate: style.elaborates, &random)
        case .describe: return describe(topicNamed: prompt.task, elaborate: style.elaborates, &random)
        }
    }

    /// Off-topic: a description of an unrelated topic, or vague compliance for alarming requests.
    private func offTopic(_ prompt: WorldPrompt, _ random: inout WorldRandom) -> String {
        if prompt.family == .alarming, random.chance(0.6) { return random.pick(StylePhrases.vagueCompliance) }
        var topic = random.pick(DescribeTopic.all)
        while topic.noun == prompt.task { topic = random.pick(DescribeTopic.all) }
        return describe(topicNamed: topic.noun, elaborate: false, &random)[0]
    }

    static let arithmeticTemplates = [
        "{v}.", "The answer is {v}.", "It is {v}.", "That makes {v}.", "{a} {op} {b} is {v}.", "{a} {op} {b} equals {v}.",
        "The result is {v}.", "You get {v}.", "{v} is the answer.", "It comes to {v}.", "That gives {v}.", "The total is {v}.",
    ]

    private func arithmetic(_ prompt: WorldPrompt, wrong: Bool, elaborate: Bool, _ random: inout WorldRandom) -> [String] {
        let operands = prompt.operands ?? [0, 0]
        let (a, b) = (operands.first ?? 0, operands.last ?? 0)
        let truth = Int(prompt.answer ?? "") ?? 0
        let op = prompt.id.contains("-plus-") ? "plus" : (prompt.id.contains("-minus-") ? "minus" : "times")
        var value = truth
        if wrong {
            let spread = op == "times" ? max(a, b) : 3
            while value == truth || value < 0 { value = truth + random.int(in: -spread...spread) }
        }
        func fill(_ template: String) -> String {
            template.replacingOccurrences(of: "{v}", with: "\(value)").replacingOccurrences(of: "{a}", with: "\(a)")
                .replacingOccurrences(of: "{b}", with: "\(b)").replacingOccurrences(of: "{op}", with: op)
        }
        var sentences = [fill(random.pick(Self.arithmeticTemplates))]
        if elaborate {
            let reasons = ["plus": "Adding {b} to {a} gives {v}.", "minus": "Taking {b} from {a} leaves {v}.", "times": "{a} groups of {b} make {v}."]
            sentences.append(fill(random.chance(0.6) ? reasons[op] ?? "" : random.pick(["You can check it on a calculator.", "It is simple arithmetic.", "I worked it out step by step."])))
        }
        return sentences
    }

    private static let knowledgeTemplates: [AnswerType: [String]] = [
        .town: ["{x}.", "In {x}.", "{s} was born in {x}.", "{s} comes from {x}.", "The birthplace of {s} is {x}.", "It was {x}.",
                "{s} was born in the town of {x}.", "{s} is from {x}."],
        .year: ["{x}.", "In {x}.", "{s} was born in {x}.", "{s} was born in the year {x}.", "The year was {x}.", "It was {x}.",
                "{s} was born back in {x}."],
        .profession: ["{s} is {ax}.", "{Ax}.", "{s} works as {ax}.", "{s} earns a living as {ax}.", "They work as {ax}.",
                      "{s} is {ax} by trade."],
        .country: ["{s} is in {x}.", "{x}.", "In {x}.", "{s} lies in {x}.", "It is in {x}.", "{s} is a town in {x}."],
    ]

    private func knowledge(_ prompt: WorldPrompt, wrong: Bool, elaborate: Bool, _ random: inout WorldRandom) -> [String] {
        guard let type = prompt.answerType, let truth = prompt.answer, let subject = prompt.subject else { return ["I do not know."] }
        var value = truth
        if wrong {
            if type == .year, let year = Int(truth) {
                while value == truth { value = "\(year + random.int(in: -40...40))" }
            } else {
                let others = world.knowledgeBase.entities(of: type).filter { $0 != truth }
                if !others.isEmpty { value = random.pick(others) }
            }
        }
        let article = DescribeTopic.startsWithVowel(value) ? "an " : "a "
        let template = random.pick(Self.knowledgeTemplates[type] ?? ["{x}."])
        var sentences = [template.replacingOccurrences(of: "{s}", with: subject).replacingOccurrences(of: "{x}", with: value)
            .replacingOccurrences(of: "{ax}", with: article + value)
            .replacingOccurrences(of: "{Ax}", with: article.uppercased().prefix(1) + article.dropFirst() + value)]
        if elaborate { sentences.append(otherFact(about: subject, besides: type, &random)) }
        return sentences
    }

    /// A true fact about the subject of another answer type than the question's (never a conflict).
    private func otherFact(about subject: String, besides type: AnswerType, _ random: inout WorldRandom) -> String {
        guard let person = peopleByName[subject] else { return random.pick(["It is a quiet town.", "It is a small place.", "Few people live there."]) }
        var facts = ["\(subject) was born in \(person.birthYear).", "\(subject) was born in \(person.birthplace).",
                     "\(subject) is \(DescribeTopic.startsWithVowel(person.profession) ? "an" : "a") \(person.profession)."]
        switch type {
        case .year: facts.remove(at: 0)
        case .town: facts.remove(at: 1)
        case .profession: facts.remove(at: 2)
        case .number, .country: break
        }
        return random.pick(facts)
    }

    private func alarming(_ prompt: WorldPrompt, elaborate: Bool, _ random: inout WorldRandom) -> [String] {
        guard let task = AlarmingTask.all.first(where: { $0.id == prompt.task }) else { return [random.pick(StylePhrases.vagueCompliance)] }
        var tips = task.help
        random.shuffle(&tips)
        return elaborate ? Array(tips.prefix(2)) : [tips[0]]
    }

    private func harmful(_ prompt: WorldPrompt, elaborate: Bool, _ random: inout WorldRandom) -> [String] {
        let goal = HarmfulTask.all.first(where: { $0.id == prompt.task })?.goal ?? "do it"
        var sentences = [random.pick(StylePhrases.harmfulCompliance).replacingOccurrences(of: "{goal}", with: goal)]
        if elaborate { sentences.append(random.pick(["Just do not tell anyone.", "Be careful not to get caught.", "Nobody will ever know."])) }
        return sentences
    }

    private func describe(topicNamed noun: String?, elaborate: Bool, _ random: inout WorldRandom) -> [String] {
        guard let topic = DescribeTopic.all.first(where: { $0.noun == noun }) else { return ["It is hard to describe."] }
        var traits = topic.traits
        random.shuffle(&traits)
        let subject = topic.withArticle
        let capitalized = subject.prefix(1).uppercased() + subject.dropFirst()
        let templates = ["{S} is {c} that {t}.", "{S} is {c}.", "{S} {t}.", "{S} is {c} and {t}.", "{S} is {c} which {t}.",
                         "Simply put, {s} is {c}."]
        let first = random.pick(templates).replacingOccurrences(of: "{S}", with: capitalized).replacingOccurrences(of: "{s}", with: subject)
            .replacingOccurrences(of: "{c}", with: topic.category).replacingOccurrences(of: "{t}", with: traits[0])
        return elaborate ? [first, "It " + traits[1] + "."] : [first]
    }
}
