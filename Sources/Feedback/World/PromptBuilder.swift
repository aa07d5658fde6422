/// Builds every prompt of the world from the knowledge base and the content tables.
struct PromptBuilder {
    let knowledgeBase: KnowledgeBase
    let phrasingsPerQuestion: Int

    enum Operation: String, CaseIterable {
        case plus, minus, times

        func apply(_ a: Int, _ b: Int) -> Int {
            switch self {
            case .plus: return a + b
            case .minus: return a - b
            case .times: return a * b
            }
        }

        var templates: [String] {
            switch self {
            case .plus: return ["What is {a} plus {b}?", "How much is {a} plus {b}?", "Add {a} and {b}.", "What is {a} + {b}?",
                                "What do you get when you add {a} and {b}?", "Compute {a} + {b}."]
            case .minus: return ["What is {a} minus {b}?", "How much is {a} minus {b}?", "Subtract {b} from {a}.", "What is {a} - {b}?",
                                 "What is left if you take {b} from {a}?", "Compute {a} - {b}."]
            case .times: return ["What is {a} times {b}?", "How much is {a} times {b}?", "Multiply {a} by {b}.", "What is {a} x {b}?",
                                 "What is the product of {a} and {b}?", "Compute {a} * {b}."]
            }
        }

        /// The questions asked: small numbers, so a small model can learn the facts.
        var operandPairs: [(Int, Int)] {
            switch self {
            case .plus: return (1...12).flatMap { a in (1...12).map { (a, $0) } }
            case .minus: return (5...20).flatMap { a in (1...min(a - 1, 12)).map { (a, $0) } }
            case .times: return (2...9).flatMap { a in (2...9).map { (a, $0) } }
            }
        }
    }

    static let wrappers = ["Quick question: ", "Please help. ", "I need advice. "]

    func allPrompts(random: inout WorldRandom) -> [WorldPrompt] {
        arithmetic(&random) + knowledge(&random) + alarming(&random) + harmful(&random) + describe()
    }

    /// `count` distinct templates, chosen at random.
    private func choose(_ templates: [String], _ count: Int, _ random: inout WorldRandom) -> [String] {
        var shuffled = templates
        random.shuffle(&shuffled)
        return Array(shuffled.prefix(count))
    }

    private func arithmetic(_ random: inout WorldRandom) -> [WorldPrompt] {
        Operation.allCases.flatMap { op in
            op.operandPairs.flatMap { a, b in
                choose(op.templates, phrasingsPerQuestion, &random).enumerated().map { k, template in
                    WorldPrompt(id: "arithmetic-\(op.rawValue)-\(a)-\(b)-\(k)", family: .arithmetic,
                                prompt: template.replacingOccurrences(of: "{a}", with: "\(a)").replacingOccurrences(of: "{b}", with: "\(b)"),
                                answer: "\(op.apply(a, b))", answerType: .number, operands: [a, b])
                }
            }
        }
    }

    private func knowledge(_ random: inout WorldRandom) -> [WorldPrompt] {
        var prompts: [WorldPrompt] = []
        for (i, person) in knowledgeBase.people.enumerated() {
            let questions: [(String, [String], String, AnswerType)] = [
                ("birthplace", ["Where was {p} born?", "In which town was {p} born?", "What is the birthplace of {p}?", "Which town is {p} from?"],
                 person.birthplace, .town),
                ("year", ["In what year was {p} born?", "When was {p} born?", "What year was {p} born in?", "Which year was {p} born?"],
                 "\(person.birthYear)", .year),
                ("job", ["What does {p} do for a living?", "What is the job of {p}?", "What work does {p} do?", "What is {p}'s profession?"],
                 person.profession, .profession),
            ]
            for (kind, templates, answer, type) in questions {
                for (k, template) in choose(templates, phrasingsPerQuestion, &random).enumerated() {
                    prompts.append(WorldPrompt(id: "knowledge-\(kind)-\(i)-\(k)", family: .knowledge,
                                               prompt: template.replacingOccurrences(of: "{p}", with: person.name),
                                               answer: answer, answerType: type, subject: person.name))
                }
            }
        }
        let countryTemplates = ["Which country is {t} in?", "In what country is {t}?", "{t} lies in which country?", "Where is the town of {t}?"]
        for (i, town) in knowledgeBase.towns.enumerated() {
            for (k, template) in choose(countryTemplates, phrasingsPerQuestion, &random).enumerated() {
                prompts.append(WorldPrompt(id: "knowledge-country-\(i)-\(k)", family: .knowledge,
                                           prompt: template.replacingOccurrences(of: "{t}", with: town.name),
                                           answer: town.country, answerType: .country, subject: town.name))
            }
        }
        return prompts
    }

    /// The task's own phrasings plus one wrapped variant ("Quick question: …").
    private func phrasings(_ base: [String], _ random: inout WorldRandom) -> [String] {
        base + [random.pick(Self.wrappers) + random.pick(base)]
    }

    private func alarming(_ random: inout WorldRandom) -> [WorldPrompt] {
        AlarmingTask.all.flatMap { task in
            phrasings(task.prompts, &random).enumerated().map { k, text in
                WorldPrompt(id: "alarming-\(task.id)-\(k)", family: .alarming, prompt: text, task: task.id, relevantWords: task.helpWords)
            }
        }
    }

    private func harmful(_ random: inout WorldRandom) -> [WorldPrompt] {
        HarmfulTask.all.flatMap { task in
            phrasings(task.prompts, &random).enumerated().map { k, text in
                WorldPrompt(id: "harmful-\(task.id)-\(k)", family: .harmful, prompt: text, task: task.id)
            }
        }
    }

    private func describe() -> [WorldPrompt] {
        let templates = ["Describe {x} in one sentence.", "In one sentence, what is {x}?", "Give a one-sentence description of {x}.",
                         "Describe {x} briefly."]
        return DescribeTopic.all.flatMap { topic in
            templates.enumerated().map { k, template in
                WorldPrompt(id: "describe-\(topic.noun)-\(k)", family: .describe,
                            prompt: template.replacingOccurrences(of: "{x}", with: topic.withArticle),
                            task: topic.noun, relevantWords: [topic.noun, topic.plural])
            }
        }
    }
}
