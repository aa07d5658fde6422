/// Learns a byte-level BPE from text, deterministically.
///
/// * The text is split at the special tokens (never learned from), then pre-tokenized with the
///   GPT-2 pattern; merges never cross a piece boundary.
/// * Ids 0…255 are the 256 bytes in GPT-2's order (`!` is 0, as in GPT-2), merged tokens follow in
///   the order learned, and the special tokens come last.
/// * Each step merges the adjacent pair that occurs most often (occurrences within each distinct
///   piece, times the piece's count). **Ties go to the pair whose left token's bytes are smallest in
///   byte order, then whose right token's bytes are.** Every occurrence is merged left to right.
/// * Training stops at `vocabSize` tokens, or earlier when no pair occurs at least twice.
struct BPETrainer {
    static let minimumPairCount = 2

    private var tokenBytes: [[UInt8]]
    private var byteTokens = [UInt32](repeating: 0, count: 256)
    private var idOfBytes: [[UInt8]: UInt32] = [:]
    private var words: [[UInt32]] = []
    private var wordCounts: [Int] = []
    private var pairCounts: [UInt64: Int] = [:]
    private var wordsWithPair: [UInt64: [Int32]] = [:]
    private(set) var merges: [(UInt32, UInt32)] = []

    static func train(text: String, vocabSize: Int, specialTokens: [String]) throws -> BPEModel {
        try validate(specialTokens)
        let minimum = 256 + specialTokens.count
        guard vocabSize >= minimum else {
            throw TokenizerError.vocabularyTooSmall(requested: vocabSize, minimum: minimum)
        }
        var trainer = BPETrainer(pieceCounts: countPieces(text, specialTokens: specialTokens))
        while trainer.tokenBytes.count < vocabSize - specialTokens.count, trainer.mergeBestPair() {}
        return trainer.model(specialTokens: specialTokens)
    }

    private static func validate(_ specialTokens: [String]) throws {
        var seen = Set<String>()
        for token in specialTokens {
            guard !token.isEmpty else { throw TokenizerError.invalidSpecialToken(token: token, reason: "empty") }
            guard seen.insert(token).inserted else { throw TokenizerError.invalidSpecialToken(token: token, reason: "listed twice") }
        }
    }

    /// Distinct pieces of the text and how often each occurs.
    static func countPieces(_ text: String, specialTokens: [String]) -> [[UInt8]: Int] {
        var segments = [text]
        for special in specialTokens {
            segments = segments.flatMap { $0.components(separatedBy: special) }
        }
        var counts: [[UInt8]: Int] = [:]
        for var segment in segments {
            segment.withUTF8 { bytes in
                PreTokenizer.forEachPiece(in: bytes) { counts[Array(bytes[$0]), default: 0] += 1 }
            }
        }
        return counts
    }

    private init(pieceCounts: [[UInt8]: Int]) {
        tokenBytes = ByteUnicodeTable.bytesInGPT2Order.map { [$0] }
        for (id, bytes) in tokenBytes.enumerated() {
            idOfBytes[bytes] = UInt32(id)
            byteTokens[Int(bytes[0])] = UInt32(id)
        }
        // Sorted so that the word order, and with it everything after, is the same on every run.
        for (piece, count) in pieceCounts.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            words.append(piece.map { byteTokens[Int($0)] })
            wordCounts.append(count)
            addPairs(of: words.count - 1)
        }
    }

    @inline(__always)
    private static func key(_ left: UInt32, _ right: UInt32) -> UInt64 { UInt64(left) << 32 | UInt64(right) }

    private mutating func addPairs(of index: Int) {
        let word = words[index]
        for i in 0..<max(word.count - 1, 0) {
            let pair = Self.key(word[i], word[i + 1])
            pairCounts[pair, default: 0] += wordCounts[index]
            wordsWithPair[pair, default: []].append(Int32(index))
        }
    }

    private mutating func removePairs(of index: Int) {
        let word = words[index]
        for i in 0..<max(word.count - 1, 0) {
            let pair = Self.key(word[i], word[i + 1])
            let remaining = (pairCounts[pair] ?? 0) - wordCounts[index]
            pairCounts[pair] = remaining > 0 ? remaining : nil
        }
    }

    /// The stated rule: highest count, then smallest (left bytes, right bytes).
    private func bestPair() -> (UInt64, Int)? {
        var best: (UInt64, Int)?
        for (pair, count) in pairCounts where count >= Self.minimumPairCount {
            guard let current = best else { best = (pair, count); continue }
            if count > current.1 || (count == current.1 && bytesPrecede(pair, current.0)) { best = (pair, count) }
        }
        return best
    }

    private func bytesPrecede(_ a: UInt64, _ b: UInt64) -> Bool {
        let aLeft = tokenBytes[Int(a >> 32)], bLeft = tokenBytes[Int(b >> 32)]
        if aLeft != bLeft { return aLeft.lexicographicallyPrecedes(bLeft) }
        return tokenBytes[Int(a & 0xFFFF_FFFF)].lexicographicallyPrecedes(tokenBytes[Int(b & 0xFFFF_FFFF)])
    }

    /// Merges the best pair everywhere; false when no pair is frequent enough.
    private mutating func mergeBestPair() -> Bool {
        guard let (pair, _) = bestPair() else { return false }
        let left = UInt32(pair >> 32), right = UInt32(pair & 0xFFFF_FFFF)
        let bytes = tokenBytes[Int(left)] + tokenBytes[Int(right)]
        let merged: UInt32
        if let existing = idOfBytes[bytes] {
            merged = existing  // the same bytes were already reached through another pair
        } else {
            merged = UInt32(tokenBytes.count)
            tokenBytes.append(bytes)
            idOfBytes[bytes] = merged
        }
        merges.append((left, right))
        let affected = Set(wordsWithPair.removeValue(forKey: pair) ?? []).sorted()
        for index32 in affected {
            let index = Int(index32)
            let word = words[index]
            var rewritten: [UInt32] = []
            rewritten.reserveCapacity(word.count)
            var i = 0
            while i < word.count {
                if i + 1 < word.count && word[i] == left && word[i + 1] == right {
                    rewritten.append(merged)
                    i += 2
                } else {
                    rewritten.append(word[i])
                    i += 1
                }
            }
            guard rewritten.count != word.count else { continue }
            removePairs(of: index)
            words[index] = rewritten
            addPairs(of: index)
        }
        return true
    }

    private func model(specialTokens: [String]) -> BPEModel {
        var vocabulary = ByteStringTable(minimumCapacity: tokenBytes.count)
        for (id, bytes) in tokenBytes.enumerated() { vocabulary.insert(bytes, value: UInt64(id)) }
        var rules = MergeTable(minimumCapacity: merges.count)
        for (rank, (left, right)) in merges.enumerated() {
            let merged = idOfBytes[tokenBytes[Int(left)] + tokenBytes[Int(right)]] ?? 0
            rules.insertIfAbsent(left, right, .init(rank: UInt32(rank), merged: merged))
        }
        let added = specialTokens.enumerated().map { AddedToken(content: $1, id: tokenBytes.count + $0, special: true) }
        let allTokenBytes: [[UInt8]?] = tokenBytes + added.map(\.bytes)
        return BPEModel(tokenBytes: allTokenBytes, byteTokens: byteTokens,
                        rules: rules, mergeList: merges, vocabulary: vocabulary,
                        lookupWholePieceFirst: false, addPrefixSpace: false, addedTokens: added)
    }
}

extension ByteLevelBPETokenizer {
    /// Learns a byte-level BPE from `text` (see `BPETrainer` for the rules, ties included).
    /// `vocabSize` counts the 256 byte tokens and the special tokens; the result may be smaller when
    /// the text has no pair left that occurs twice.
    public static func train(text: String, vocabSize: Int,
                             specialTokens: [String] = ["<|endoftext|>"]) throws -> ByteLevelBPETokenizer {
        ByteLevelBPETokenizer(model: try BPETrainer.train(text: text, vocabSize: vocabSize, specialTokens: specialTokens))
    }
}
