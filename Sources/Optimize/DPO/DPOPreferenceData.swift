import Feedback
import Foundation
import Tokenizer

/// One preference pair as token ids: the prompt as the policy reads it, and the chosen and rejected
/// completions that continue it (each ending with `<|endoftext|>` unless truncated).
public struct DPOPair: Equatable, Sendable {
    public var prompt: [Int32]
    public var chosen: [Int32]
    public var rejected: [Int32]
    /// 1-based line of the record in the data file.
    public var line: Int
}

/// The pairs of a preference file, split as `ceiling reward train` splits them: by record, the last
/// `heldOutFraction` of the pair and ranking records held out, so a ranking's pairs never straddle
/// the split. A ranking contributes every ordered pair (better, worse).
public struct DPOPreferenceData: Sendable {
    public var training: [DPOPair]
    public var heldOut: [DPOPair]
    public var skippedUnpaired = 0
    /// Records dropped because they exceed the context (`overlong = skip`).
    public var skippedOverlong = 0
    /// Completions cut to fit the context (`overlong = truncate`).
    public var truncatedCompletions = 0

    public static func load(url: URL, tokenizer: ByteLevelBPETokenizer, format: PolicyTextFormat, contextLength: Int,
                            heldOutFraction: Double, overlong: OverlongPolicy) throws -> DPOPreferenceData {
        guard let eot = tokenizer.specialTokenID("<|endoftext|>") else {
            throw DPOError.missingTokenizer(path: url.path, reason: "the policy's tokenizer has no <|endoftext|>")
        }
        let endOfText = Int32(eot)
        var data = DPOPreferenceData(training: [], heldOut: [])
        var groups: [[DPOPair]] = []
        try PreferenceReader(url: url).forEach { line, record in
            let ranked: [String]
            switch record {
            case .pair(let pair): ranked = [pair.chosen.plainText, pair.rejected.plainText]
            case .ranking(let ranking): ranked = ranking.rankedCompletions.map(\.plainText)
            case .unpaired: data.skippedUnpaired += 1; return
            }
            guard let promptText = record.prompt?.plainText else { throw DPOError.missingPrompt(path: url.path, line: line) }
            let prompt = tokenizer.encode(format.promptText(promptText), allowedSpecial: ["<|endoftext|>"]).map(Int32.init)
            var completions = ranked.map { tokenizer.encode(format.completionText($0)).map(Int32.init) + [endOfText] }
            // Position p feeds token p and predicts p + 1, so n tokens need a context of n − 1.
            let room = contextLength + 1 - prompt.count
            if completions.contains(where: { $0.count > room }) {
                switch overlong {
                case .error:
                    let longest = completions.map(\.count).max() ?? 0
                    throw DPOError.tooLong(path: url.path, line: line, promptTokens: prompt.count, completionTokens: longest,
                                           contextLength: contextLength)
                case .skip:
                    data.skippedOverlong += 1
                    groups.append([])
                    return
                case .truncate:
                    guard room >= 1 else {
                        throw DPOError.promptTooLong(path: url.path, line: line, promptTokens: prompt.count, contextLength: contextLength)
                    }
                    data.truncatedCompletions += completions.filter { $0.count > room }.count
                    completions = completions.map { Array($0.prefix(room)) }
                }
            }
            groups.append((0..<completions.count).flatMap { i in (i + 1..<completions.count).map { j in
                DPOPair(prompt: prompt, chosen: completions[i], rejected: completions[j], line: line)
            } })
        }
        guard !groups.isEmpty else { throw DPOError.noPairs(path: url.path, reason: "the file holds no pairs or rankings") }
        let heldOutCount = min(groups.count - 1, Int((Double(groups.count) * heldOutFraction).rounded()))
        data.heldOut = groups.suffix(heldOutCount).flatMap { $0 }
        data.training = groups.dropLast(heldOutCount).flatMap { $0 }
        guard !data.training.isEmpty else { throw DPOError.noPairs(path: url.path, reason: "no training pair is left") }
        return data
    }
}
