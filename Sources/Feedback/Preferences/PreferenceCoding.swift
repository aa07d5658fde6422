// Codable conformances of the preference records: the JSON keys, format detection and the
// checks a single record must pass (ranking is a permutation, one score per completion).

/// Raised while decoding a record whose keys match no format, or more than one.
enum PreferenceRecordShapeError: Error {
    case unrecognized(keys: [String])
    case mixed(formats: [PreferenceFormat], keys: [String])
}

/// Any key at all, to name every key of a record whose format cannot be told.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

private enum RecordKey: String, CodingKey, CaseIterable {
    case prompt, chosen, rejected, completion, label, completions, ranking, annotator, family, scores
}

private func checkScores(_ scores: [Double]?, count: Int, of what: String,
                         in container: KeyedDecodingContainer<RecordKey>) throws {
    guard let scores, scores.count != count else { return }
    throw DecodingError.dataCorruptedError(forKey: .scores, in: container,
        debugDescription: "has \(scores.count) values but the record has \(count) \(what)")
}

extension PreferencePair: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: RecordKey.self)
        prompt = try container.decodeIfPresent(PreferenceText.self, forKey: .prompt)
        chosen = try container.decode(PreferenceText.self, forKey: .chosen)
        rejected = try container.decode(PreferenceText.self, forKey: .rejected)
        annotator = try container.decodeIfPresent(String.self, forKey: .annotator)
        family = try container.decodeIfPresent(String.self, forKey: .family)
        scores = try container.decodeIfPresent([Double].self, forKey: .scores)
        try checkScores(scores, count: 2, of: "completions (chosen, rejected)", in: container)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: RecordKey.self)
        try container.encodeIfPresent(prompt, forKey: .prompt)
        try container.encode(chosen, forKey: .chosen)
        try container.encode(rejected, forKey: .rejected)
        try container.encodeIfPresent(annotator, forKey: .annotator)
        try container.encodeIfPresent(family, forKey: .family)
        try container.encodeIfPresent(scores, forKey: .scores)
    }
}

extension UnpairedFeedback: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: RecordKey.self)
        prompt = try container.decodeIfPresent(PreferenceText.self, forKey: .prompt)
        completion = try container.decode(PreferenceText.self, forKey: .completion)
        label = try container.decode(Bool.self, forKey: .label)
        annotator = try container.decodeIfPresent(String.self, forKey: .annotator)
        family = try container.decodeIfPresent(String.self, forKey: .family)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: RecordKey.self)
        try container.encodeIfPresent(prompt, forKey: .prompt)
        try container.encode(completion, forKey: .completion)
        try container.encode(label, forKey: .label)
        try container.encodeIfPresent(annotator, forKey: .annotator)
        try container.encodeIfPresent(family, forKey: .family)
    }
}

extension RankedCompletions: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: RecordKey.self)
        prompt = try container.decodeIfPresent(PreferenceText.self, forKey: .prompt)
        completions = try container.decode([PreferenceText].self, forKey: .completions)
        ranking = try Self.decodeIndices(container)
        annotator = try container.decodeIfPresent(String.self, forKey: .annotator)
        family = try container.decodeIfPresent(String.self, forKey: .family)
        scores = try container.decodeIfPresent([Double].self, forKey: .scores)
        if completions.count < 2 {
            throw DecodingError.dataCorruptedError(forKey: .completions, in: container,
                debugDescription: "needs at least 2 completions to rank, found \(completions.count)")
        }
        if ranking.sorted() != Array(completions.indices) {
            throw DecodingError.dataCorruptedError(forKey: .ranking, in: container,
                debugDescription: "\(ranking) is not a permutation of 0..<\(completions.count) (one index per completion, best first)")
        }
        try checkScores(scores, count: completions.count, of: "completions", in: container)
    }

    /// Decodes `ranking` as numbers and checks each is a whole number: JSONDecoder reports a
    /// fraction decoded as `Int` as "not valid JSON" without saying where.
    private static func decodeIndices(_ container: KeyedDecodingContainer<RecordKey>) throws -> [Int] {
        let numbers = try container.decode([Double].self, forKey: .ranking)
        return try numbers.enumerated().map { position, number in
            guard number.rounded() == number, abs(number) < 1e15 else {
                throw DecodingError.dataCorruptedError(forKey: .ranking, in: container,
                    debugDescription: "element \(position) is \(number), not an index (a whole number)")
            }
            return Int(number)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: RecordKey.self)
        try container.encodeIfPresent(prompt, forKey: .prompt)
        try container.encode(completions, forKey: .completions)
        try container.encode(ranking, forKey: .ranking)
        try container.encodeIfPresent(annotator, forKey: .annotator)
        try container.encodeIfPresent(family, forKey: .family)
        try container.encodeIfPresent(scores, forKey: .scores)
    }
}

extension PreferenceRecord: Codable {
    /// Detects the format by the keys present: `chosen`/`rejected` → a pair, `completion`/`label`
    /// → unpaired, `completions`/`ranking` → a ranking. Other keys (an `id`, say) are ignored.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: RecordKey.self)
        let keys = Set(container.allKeys)
        var matches: [PreferenceFormat] = []
        if !keys.isDisjoint(with: [.chosen, .rejected]) { matches.append(.standard) }
        if !keys.isDisjoint(with: [.completion, .label]) { matches.append(.unpaired) }
        if !keys.isDisjoint(with: [.completions, .ranking]) { matches.append(.ranking) }
        guard matches.count == 1, let format = matches.first else {
            let keyNames = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).sorted()
            if matches.isEmpty { throw PreferenceRecordShapeError.unrecognized(keys: keyNames) }
            throw PreferenceRecordShapeError.mixed(formats: matches, keys: keyNames)
        }
        switch format {
        case .unpaired: self = .unpaired(try UnpairedFeedback(from: decoder))
        case .ranking: self = .ranking(try RankedCompletions(from: decoder))
        default: self = .pair(try PreferencePair(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .pair(let pair): try pair.encode(to: encoder)
        case .unpaired(let feedback): try feedback.encode(to: encoder)
        case .ranking(let ranked): try ranked.encode(to: encoder)
        }
    }
}
