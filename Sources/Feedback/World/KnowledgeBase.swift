/// A fictional person of the knowledge base.
public struct Person: Codable, Equatable, Sendable {
    public var name: String
    public var birthplace: String
    public var birthYear: Int
    public var profession: String

    enum CodingKeys: String, CodingKey {
        case name, birthplace, profession
        case birthYear = "birth_year"
    }
}

/// A fictional town and the country it lies in.
public struct Town: Codable, Equatable, Sendable {
    public var name: String
    public var country: String
}

/// The generated facts behind the `knowledge` family. Names are built from syllables, so they
/// exist nowhere else and a model can know them only from the world's corpus.
public struct KnowledgeBase: Codable, Equatable, Sendable {
    public var people: [Person]
    public var towns: [Town]
    public var countries: [String]
    public var professions: [String]

    /// Every candidate answer of one type, for answer extraction.
    public func entities(of type: AnswerType) -> [String] {
        switch type {
        case .town: return towns.map(\.name)
        case .country: return countries
        case .profession: return professions
        case .number, .year: return []
        }
    }

    public static func generate(people peopleCount: Int, towns townCount: Int, random: inout WorldRandom) -> KnowledgeBase {
        var used = Set(NameParts.countries.map { $0.lowercased() })
        used.formUnion(NameParts.professions)
        used.formUnion(AlarmingWords.all)
        func fresh(_ make: (inout WorldRandom) -> String) -> String {
            while true {
                let name = make(&random)
                if used.insert(name.lowercased()).inserted { return name }
            }
        }
        let towns = (0..<townCount).map { _ in
            Town(name: fresh { r in capitalized(syllable(&r) + pick(NameParts.townSuffixes, &r)) },
                 country: random.pick(NameParts.countries))
        }
        let people = (0..<peopleCount).map { _ -> Person in
            let first = fresh { r in capitalized(syllable(&r) + syllable(&r, coda: false)) }
            let last = fresh { r in capitalized(syllable(&r) + syllable(&r)) }
            return Person(name: first + " " + last,
                          birthplace: random.pick(towns).name,
                          birthYear: random.int(in: 1820...1990),
                          profession: random.pick(NameParts.professions))
        }
        return KnowledgeBase(people: people, towns: towns, countries: NameParts.countries, professions: NameParts.professions)
    }

    private static func syllable(_ random: inout WorldRandom, coda: Bool = true) -> String {
        random.pick(NameParts.onsets) + random.pick(NameParts.vowels) + (coda ? random.pick(NameParts.codas) : "")
    }

    private static func pick(_ items: [String], _ random: inout WorldRandom) -> String { random.pick(items) }

    private static func capitalized(_ word: String) -> String { word.prefix(1).uppercased() + word.dropFirst() }
}
