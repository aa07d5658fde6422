import Foundation

/// Surface features of any text, shared by the gold scorer and the annotators. Words are
/// whitespace-separated; features are computed on normalized words (lowercase, no apostrophes,
/// outer punctuation stripped) so that they hold for text that drifts off the templates.
public enum TextFeatures {
    public static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    private static let outerPunctuation = Set<Unicode.Scalar>(".,!?;:\"()[]{}*`…".unicodeScalars)

    public static func normalize(_ word: String) -> String {
        var scalars = Array(word.lowercased().unicodeScalars.filter { $0 != "'" && $0 != "’" })
        while let first = scalars.first, outerPunctuation.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, outerPunctuation.contains(last) { scalars.removeLast() }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    public static func normalizedWords(_ text: String) -> [String] { words(text).map(normalize).filter { !$0.isEmpty } }

    /// Normalized words joined by single spaces and padded with spaces, for whole-phrase search.
    static func phraseText(normalizedWords: [String]) -> String { " " + normalizedWords.joined(separator: " ") + " " }

    /// Whether any phrase (lowercase words separated by spaces) occurs as whole words.
    public static func containsAny(_ phrases: [String], in text: String) -> Bool {
        containsAny(phrases, phraseText: phraseText(normalizedWords: normalizedWords(text)))
    }

    static func containsAny(_ phrases: [String], phraseText: String) -> Bool {
        phrases.contains { phraseText.contains(" " + $0.lowercased() + " ") }
    }

    /// Sentences: text between runs of `.`, `!`, `?` (followed by space or the end) that hold a letter or digit.
    public static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let characters = Array(text)
        for (i, c) in characters.enumerated() {
            current.append(c)
            let terminal = c == "." || c == "!" || c == "?"
            let boundary = i + 1 == characters.count || characters[i + 1].isWhitespace
            if terminal && boundary {
                result.append(current)
                current = ""
            }
        }
        result.append(current)
        return result.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
    }

    /// Whether the text ends on terminal punctuation (a finished response). Empty text is unfinished.
    public static func endsCleanly(_ text: String) -> Bool {
        guard let last = text.trimmingCharacters(in: .whitespacesAndNewlines).last else { return false }
        return last == "." || last == "!" || last == "?"
    }

    /// Runs of ASCII digits, in order of appearance (signs and separators are not part of a number).
    public static func numbers(_ text: String) -> [Int] {
        var result: [Int] = []
        var digits = ""
        for c in text + " " {
            if c.isASCII, c.isNumber { digits.append(c); continue }
            if !digits.isEmpty, digits.count <= 9, let value = Int(digits) { result.append(value) }
            digits = ""
        }
        return result
    }

    /// Entities (single words, case-insensitive) mentioned in the text, in order of appearance.
    public static func mentions(of entities: [String], in text: String) -> [String] {
        var byWord: [String: String] = [:]
        for entity in entities { byWord[entity.lowercased()] = entity }
        return normalizedWords(text).compactMap { byWord[$0] }
    }

    /// Same, with entities keyed by their lowercase form and the words already normalized.
    static func mentions(of byWord: [String: String], normalizedWords: [String]) -> [String] {
        normalizedWords.compactMap { byWord[$0] }
    }

    /// Sentences that repeat an earlier sentence (compared on normalized words).
    public static func duplicateSentenceCount(_ text: String) -> Int {
        let normalized = sentences(text).map { normalizedWords($0).joined(separator: " ") }
        return normalized.count - Set(normalized).count
    }

    /// Longest run of the same normalized word ("12 12 12 12" has a run of 4).
    public static func longestWordRun(_ text: String) -> Int { longestWordRun(normalizedWords: normalizedWords(text)) }

    static func longestWordRun(normalizedWords words: [String]) -> Int {
        var longest = words.isEmpty ? 0 : 1
        var run = 1
        for i in words.indices.dropFirst() {
            run = words[i] == words[i - 1] ? run + 1 : 1
            longest = max(longest, run)
        }
        return longest
    }

    /// Distinct words over all words (1 for empty text).
    public static func distinctWordRatio(_ text: String) -> Double { distinctWordRatio(normalizedWords: normalizedWords(text)) }

    static func distinctWordRatio(normalizedWords words: [String]) -> Double {
        return words.isEmpty ? 1 : Double(Set(words).count) / Double(words.count)
    }
}
