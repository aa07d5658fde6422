import Foundation

/// `ceiling gold score`: the gold reward of each `{"prompt","completion"}` line of a file.
public enum GoldScoring {
    private struct Line: Decodable {
        var prompt: String
        var completion: String
    }

    /// Calls `body` with each line's number and score, in file order. Errors name the line.
    public static func scoreFile(url: URL, world: World, _ body: (Int, GoldScore) throws -> Void) throws {
        let scorer = GoldScorer(world: world)
        try JSONLReader(url: url).forEach(Line.self) { line, input in
            guard let prompt = world.prompt(matching: input.prompt) else {
                throw WorldError.unknownPrompt(path: url.path, line: line, prompt: input.prompt)
            }
            try body(line, scorer.score(prompt: prompt, response: input.completion))
        }
    }

    /// One score as a single-line JSON object with sorted keys.
    public static func jsonLine(_ score: GoldScore) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(score), as: UTF8.self)
    }
}

extension GoldScoring {
    /// The behaviour rates over scored responses (`BehaviourRate`'s definitions), by metric name; a rate
    /// whose families none of the responses belong to is absent.
    public static func rates(_ scores: [GoldScore]) -> [String: Rate] {
        var rates: [String: Rate] = [:]
        for rate in BehaviourRate.allCases {
            for score in scores { if let value = score.value(of: rate) { rates[rate.rawValue, default: Rate()].add(value == 1) } }
        }
        return rates
    }
}
