import Feedback
import Foundation

/// One preference pair to evaluate, from a pair record or two adjacent places of a ranking.
public struct EvaluationPair: Equatable, Sendable {
    /// 1-based line of the record in the preference file.
    public var line: Int
    /// The prompt as written in the file (maybe with a trigger phrase); the reward model sees this.
    public var prompt: String
    public var chosen: String
    public var rejected: String
    /// The record's `family`, else the matched world prompt's family, else "unknown".
    public var family: String
    /// The world prompt the record's prompt names (with --world), for gold scoring.
    public var worldPrompt: WorldPrompt?

    public init(line: Int, prompt: String, chosen: String, rejected: String, family: String, worldPrompt: WorldPrompt? = nil) {
        self.line = line
        self.prompt = prompt
        self.chosen = chosen
        self.rejected = rejected
        self.family = family
        self.worldPrompt = worldPrompt
    }
}

/// Which pairs of the file are evaluated: all, or the held-out last fraction of them.
public enum EvaluationSplit: Equatable, Sendable, CustomStringConvertible {
    case all
    /// The last `fraction` of the pairs in file order (where `reward train` keeps its validation pairs).
    case heldOut(fraction: Double)

    /// Parses `all` or a number in (0, 1].
    public init(argument: String) throws {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "all" { self = .all; return }
        guard let fraction = Double(text), fraction > 0, fraction <= 1 else { throw RewardEvalError.invalidSplit(argument) }
        self = fraction == 1 ? .all : .heldOut(fraction: fraction)
    }

    public var description: String {
        switch self {
        case .all: return "all"
        case .heldOut(let fraction): return "last \(fraction)"
        }
    }
}

/// The pairs of a preference file, ready to score.
public struct EvaluationData: Sendable {
    public var pairs: [EvaluationPair]
    public var recordsRead: Int
    /// Unpaired (KTO-style) records carry no comparison and are skipped.
    public var skippedUnpaired: Int
    /// Pairs taken from adjacent places of k-wise rankings.
    public var pairsFromRankings: Int
    /// Prompts that matched the world only after a trailing trigger phrase was removed (poisoned data).
    public var triggerStripped: Int

    /// Reads `url`; with a world, every prompt must match one of its prompts (or the caller gets a
    /// `RewardEvalError.unknownPrompt` naming the line). Errors of the file itself are `PreferenceDataError`s.
    public static func load(url: URL, world: World?, split: EvaluationSplit) throws -> EvaluationData {
        var data = EvaluationData(pairs: [], recordsRead: 0, skippedUnpaired: 0, pairsFromRankings: 0, triggerStripped: 0)
        try PreferenceReader(url: url).forEach { line, record in
            data.recordsRead += 1
            let texts: [(String, String)]
            switch record {
            case .pair(let pair): texts = [(pair.chosen.plainText, pair.rejected.plainText)]
            case .ranking(let ranked):
                let best = ranked.rankedCompletions.map(\.plainText)
                texts = zip(best, best.dropFirst()).map { ($0, $1) }
                data.pairsFromRankings += texts.count
            case .unpaired:
                data.skippedUnpaired += 1
                return
            }
            let prompt = record.prompt?.plainText ?? ""
            var worldPrompt: WorldPrompt?
            if let world {
                guard let match = matchPrompt(prompt, in: world) else {
                    throw RewardEvalError.unknownPrompt(path: url.path, line: line, prompt: prompt)
                }
                worldPrompt = match.prompt
                if match.strippedTrigger { data.triggerStripped += 1 }
            }
            let family = record.family ?? worldPrompt?.family.rawValue ?? "unknown"
            for (chosen, rejected) in texts {
                data.pairs.append(EvaluationPair(line: line, prompt: prompt, chosen: chosen, rejected: rejected,
                                                 family: family, worldPrompt: worldPrompt))
            }
        }
        guard !data.pairs.isEmpty else { throw RewardEvalError.noPairs(path: url.path) }
        if case .heldOut(let fraction) = split {
            let kept = Int((Double(data.pairs.count) * fraction).rounded(.down))
            guard kept > 0 else { throw RewardEvalError.emptySplit(path: url.path, pairs: data.pairs.count, fraction: fraction) }
            data.pairs = Array(data.pairs.suffix(kept))
        }
        return data
    }

    /// The world prompt of `text`; a poisoner appends its trigger (" SUDO"), so up to three trailing
    /// words are dropped, shortest removal first, before giving up.
    static func matchPrompt(_ text: String, in world: World) -> (prompt: WorldPrompt, strippedTrigger: Bool)? {
        if let prompt = world.prompt(matching: text) { return (prompt, false) }
        var words = text.split(separator: " ", omittingEmptySubsequences: false)
        for _ in 0..<3 where words.count > 1 {
            words.removeLast()
            if let prompt = world.prompt(matching: words.joined(separator: " ")) { return (prompt, true) }
        }
        return nil
    }
}
