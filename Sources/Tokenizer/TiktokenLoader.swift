import Foundation

/// Reads tiktoken rank files: one token per line, `base64-bytes rank`.
/// A pair of adjacent parts may merge when their concatenation is a token; its rank is that
/// token's rank (tiktoken's rule). The GPT-2 pre-tokenization pattern is used.
enum TiktokenLoader {
    static func parse(_ data: Data, origin: String, specialTokens: [String: Int]?) throws -> BPEModel {
        var tokenOfRank: [Int: [UInt8]] = [:]
        var vocabulary = ByteStringTable(minimumCapacity: 1 << 16)
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = line
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.isEmpty { continue }
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw TokenizerError.malformedRankLine(path: origin, line: lineNumber, reason: "expected `base64-token rank`, found \(fields.count) field(s)")
            }
            guard let token = Data(base64Encoded: Data(fields[0])), !token.isEmpty else {
                throw TokenizerError.malformedRankLine(path: origin, line: lineNumber, reason: "token is not non-empty base64")
            }
            guard let rankText = String(bytes: fields[1], encoding: .utf8), let rank = Int(rankText),
                  rank >= 0, rank < Int(UInt32.max) / 2 else {
                throw TokenizerError.malformedRankLine(path: origin, line: lineNumber, reason: "rank is not a non-negative integer")
            }
            guard tokenOfRank[rank] == nil else {
                throw TokenizerError.malformedRankLine(path: origin, line: lineNumber, reason: "rank \(rank) appears twice")
            }
            let bytes = [UInt8](token)
            guard vocabulary.lookup(bytes) == nil else {
                throw TokenizerError.malformedRankLine(path: origin, line: lineNumber, reason: "token appears twice")
            }
            tokenOfRank[rank] = bytes
            vocabulary.insert(bytes, value: UInt64(rank))
        }
        guard let maximumRank = tokenOfRank.keys.max() else {
            throw TokenizerError.malformedRankLine(path: origin, line: 1, reason: "no tokens")
        }
        let byteTokens = try BPEModel.byteTokens(of: vocabulary, origin: origin, field: "ranks")

        var tokenBytes = [[UInt8]?](repeating: nil, count: maximumRank + 1)
        var rules = MergeTable(minimumCapacity: tokenOfRank.count * 2)
        for (rank, bytes) in tokenOfRank {
            tokenBytes[rank] = bytes
        }
        // Every split of a token into two tokens is a rule with the token's rank.
        for (rank, bytes) in tokenOfRank where bytes.count > 1 {
            bytes.withUnsafeBufferPointer { whole in
                for split in 1..<whole.count {
                    guard let left = vocabulary.lookup(UnsafeBufferPointer(rebasing: whole[..<split])),
                          let right = vocabulary.lookup(UnsafeBufferPointer(rebasing: whole[split...])) else { continue }
                    rules.insertIfAbsent(UInt32(left), UInt32(right), .init(rank: UInt32(rank), merged: UInt32(rank)))
                }
            }
        }
        let specials = specialTokens ?? ["<|endoftext|>": maximumRank + 1]
        var added: [AddedToken] = []
        for (content, id) in specials.sorted(by: { $0.value < $1.value }) {
            guard !content.isEmpty else { throw TokenizerError.invalidSpecialToken(token: content, reason: "empty") }
            guard id >= 0, id < Int(UInt32.max) / 2, id >= tokenBytes.count || tokenBytes[id] == nil else {
                throw TokenizerError.invalidSpecialToken(token: content, reason: "id \(id) is negative or taken by an ordinary token")
            }
            if id >= tokenBytes.count { tokenBytes += [[UInt8]?](repeating: nil, count: id + 1 - tokenBytes.count) }
            tokenBytes[id] = Array(content.utf8)
            added.append(AddedToken(content: content, id: id, special: true))
        }
        return BPEModel(tokenBytes: tokenBytes, byteTokens: byteTokens, rules: rules, mergeList: [],
                        vocabulary: vocabulary, lookupWholePieceFirst: true, addPrefixSpace: false,
                        addedTokens: added)
    }
}
