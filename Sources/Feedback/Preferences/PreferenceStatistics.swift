import Foundation

/// Label statistics of one group of records (all of them, one family or one annotator).
///
/// Length comparisons cover every chosen/rejected pair: each pair record, and each ranking read
/// as the k(k−1)/2 pairs it implies (a better-ranked completion chosen over a worse-ranked one).
/// Lengths are in characters (Unicode code points) and whitespace-separated words.
public struct PreferenceGroupStatistics: Sendable, Equatable, Encodable {
    public var records = 0
    public var countsByFormat: [String: Int] = [:]
    /// Chosen/rejected pairs compared (pair records plus pairs implied by rankings).
    public var comparedPairs = 0
    public var chosenLonger = 0
    public var sameLength = 0
    public var chosenCharacters = 0
    public var rejectedCharacters = 0
    public var chosenWords = 0
    public var rejectedWords = 0
    /// Unpaired records and how many of them are labelled good (`true`).
    public var unpaired = 0
    public var unpairedGood = 0

    public init() {}

    public var meanChosenCharacters: Double { mean(chosenCharacters, comparedPairs) }
    public var meanRejectedCharacters: Double { mean(rejectedCharacters, comparedPairs) }
    public var meanChosenWords: Double { mean(chosenWords, comparedPairs) }
    public var meanRejectedWords: Double { mean(rejectedWords, comparedPairs) }
    /// Share of compared pairs whose chosen text has more characters than the rejected one.
    public var chosenLongerShare: Double { mean(chosenLonger, comparedPairs) }
    public var goodLabelShare: Double { mean(unpairedGood, unpaired) }

    private func mean(_ total: Int, _ count: Int) -> Double { count == 0 ? 0 : Double(total) / Double(count) }

    public mutating func add(_ record: PreferenceRecord) {
        records += 1
        countsByFormat[record.format.rawValue, default: 0] += 1
        switch record {
        case .pair(let pair):
            compare(pair.chosen, pair.rejected)
        case .unpaired(let feedback):
            unpaired += 1
            if feedback.label { unpairedGood += 1 }
        case .ranking(let ranked):
            let ordered = ranked.rankedCompletions
            for better in ordered.indices {
                for worse in ordered.indices where worse > better { compare(ordered[better], ordered[worse]) }
            }
        }
    }

    private mutating func compare(_ chosen: PreferenceText, _ rejected: PreferenceText) {
        comparedPairs += 1
        let chosenLength = chosen.characterCount, rejectedLength = rejected.characterCount
        chosenCharacters += chosenLength
        rejectedCharacters += rejectedLength
        chosenWords += chosen.wordCount
        rejectedWords += rejected.wordCount
        if chosenLength > rejectedLength { chosenLonger += 1 }
        if chosenLength == rejectedLength { sameLength += 1 }
    }

    private enum Key: String, CodingKey {
        case records, countsByFormat, comparedPairs, chosenLonger, sameLength, chosenLongerShare
        case meanChosenCharacters, meanRejectedCharacters, meanChosenWords, meanRejectedWords
        case unpaired, unpairedGood, goodLabelShare
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(records, forKey: .records)
        try container.encode(countsByFormat, forKey: .countsByFormat)
        try container.encode(comparedPairs, forKey: .comparedPairs)
        try container.encode(chosenLonger, forKey: .chosenLonger)
        try container.encode(sameLength, forKey: .sameLength)
        try container.encode(chosenLongerShare, forKey: .chosenLongerShare)
        try container.encode(meanChosenCharacters, forKey: .meanChosenCharacters)
        try container.encode(meanRejectedCharacters, forKey: .meanRejectedCharacters)
        try container.encode(meanChosenWords, forKey: .meanChosenWords)
        try container.encode(meanRejectedWords, forKey: .meanRejectedWords)
        try container.encode(unpaired, forKey: .unpaired)
        try container.encode(unpairedGood, forKey: .unpairedGood)
        try container.encode(goodLabelShare, forKey: .goodLabelShare)
    }
}

/// Label statistics of a preference file: overall, by family and by annotator. Records without a
/// family or annotator are grouped under `PreferenceStatistics.unspecified`.
public struct PreferenceStatistics: Sendable, Equatable, Encodable {
    public static let unspecified = "(none)"

    public var overall = PreferenceGroupStatistics()
    public var byFamily: [String: PreferenceGroupStatistics] = [:]
    public var byAnnotator: [String: PreferenceGroupStatistics] = [:]

    public init() {}

    public mutating func add(_ record: PreferenceRecord) {
        overall.add(record)
        byFamily[record.family ?? Self.unspecified, default: PreferenceGroupStatistics()].add(record)
        byAnnotator[record.annotator ?? Self.unspecified, default: PreferenceGroupStatistics()].add(record)
    }
}

extension PreferenceStatistics: CustomStringConvertible {
    /// A table: one row overall, then one per family and one per annotator.
    public var description: String {
        let header = ["group", "records", "pairs", "chosen longer", "chosen chars", "rejected chars",
                      "chosen words", "rejected words", "unpaired good"]
        var rows = [Self.row("all", overall)]
        rows += byFamily.keys.sorted().map { Self.row("family \($0)", byFamily[$0] ?? overall) }
        rows += byAnnotator.keys.sorted().map { Self.row("annotator \($0)", byAnnotator[$0] ?? overall) }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        return (["label statistics (lengths are means over chosen/rejected pairs, rankings as their implied pairs)",
                 "  " + format(header)] + rows.map { "  " + format($0) }).joined(separator: "\n")
    }

    private static func row(_ name: String, _ group: PreferenceGroupStatistics) -> [String] {
        let noPairs = group.comparedPairs == 0
        func number(_ value: Double) -> String { noPairs ? "-" : String(format: "%.1f", value) }
        return [name, String(group.records), String(group.comparedPairs),
                noPairs ? "-" : String(format: "%.1f%%", 100 * group.chosenLongerShare),
                number(group.meanChosenCharacters), number(group.meanRejectedCharacters),
                number(group.meanChosenWords), number(group.meanRejectedWords),
                group.unpaired == 0 ? "-" : String(format: "%.1f%%", 100 * group.goodLabelShare)]
    }
}
