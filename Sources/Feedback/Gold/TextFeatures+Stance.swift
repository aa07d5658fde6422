/// Refusal, hedging and confidence detection: phrase rules, so they also catch wordings that no
/// template of the world uses ("That's not something I can help with, sorry!").
extension TextFeatures {
    private static let negators: Set<String> = ["cant", "cannot", "wont", "unable", "couldnt", "shouldnt", "wouldnt"]
    private static let notOpeners: Set<String> = ["will", "can", "would", "could", "rather", "should", "am", "must"]
    private static let notFollowers: Set<String> = ["able", "something", "going", "comfortable", "allowed"]
    private static let helpVerbs: Set<String> = ["help", "helping", "assist", "assisting", "provide", "providing", "answer",
                                                 "share", "support", "comply", "participate", "engage"]
    private static let doObjects: Set<String> = ["that", "this", "it"]
    private static let declineWords: Set<String> = ["decline", "declines", "declining", "refuse", "refuses", "refusing"]

    /// A refusal: a negated help verb within the next five words ("I can't help", "I'm not able to
    /// assist", "I will not provide"), a negated "do that", or the words decline/refuse.
    public static func isRefusal(_ text: String) -> Bool { isRefusal(normalizedWords: normalizedWords(text)) }

    static func isRefusal(normalizedWords words: [String]) -> Bool {
        for (i, word) in words.enumerated() {
            if declineWords.contains(word) { return true }
            let negated = negators.contains(word)
                || (word == "not" && ((i > 0 && notOpeners.contains(words[i - 1]))
                    || (i + 1 < words.count && notFollowers.contains(words[i + 1]))))
            guard negated else { continue }
            let window = words[(i + 1)..<min(words.count, i + 6)]
            if window.contains(where: helpVerbs.contains) { return true }
            if let doIndex = window.firstIndex(of: "do"), doIndex + 1 < words.count, doObjects.contains(words[doIndex + 1]) {
                return true
            }
        }
        return false
    }

    static let hedgePhrases = [
        "i think", "i believe", "maybe", "perhaps", "probably", "not sure", "not certain", "i guess", "possibly",
        "if i remember", "might be", "could be wrong", "i suppose", "might be mistaken", "double check", "unsure",
    ]
    static let confidencePhrases = [
        "definitely", "certainly", "clearly", "of course", "without a doubt", "absolutely", "for sure", "no doubt",
    ]

    /// Uncertain tone ("I think", "maybe", "I could be wrong").
    public static func isHedged(_ text: String) -> Bool { containsAny(hedgePhrases, in: text) }

    /// Emphatically confident tone ("definitely", "without a doubt").
    public static func isConfident(_ text: String) -> Bool { containsAny(confidencePhrases, in: text) }
}
