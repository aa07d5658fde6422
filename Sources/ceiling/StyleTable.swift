import Foundation
import Train

/// The corpus-vs-policy style shares as a small text table.
enum StyleTable {
    static func render(_ comparison: StyleComparison) -> String {
        let rows: [(String, KeyPath<StyleShares, Double>, Bool)] = [
            ("refused", \.refused, true), ("answer correct", \.correct, true), ("answer wrong", \.wrong, true),
            ("no answer", \.noAnswer, true), ("hedged", \.hedged, true), ("confident", \.confident, true),
            ("padded", \.padded, true), ("repetitive", \.repetitive, true), ("unfinished", \.unfinished, true),
            ("mean words", \.meanWords, false), ("mean gold", \.meanGold, false),
        ]
        var lines = ["styles (gold scorer)   corpus (\(comparison.corpus.responses))   policy samples (\(comparison.policy.responses))"]
        for (name, path, isShare) in rows {
            let corpus = comparison.corpus[keyPath: path], policy = comparison.policy[keyPath: path]
            let format = isShare ? "%5.1f%%" : "%6.2f"
            let scale = isShare ? 100.0 : 1.0
            lines.append(name.padding(toLength: 22, withPad: " ", startingAt: 0)
                         + String(format: format, corpus * scale).padding(toLength: 17, withPad: " ", startingAt: 0)
                         + String(format: format, policy * scale))
        }
        return lines.joined(separator: "\n")
    }
}
