import Foundation

/// A byte-level BPE tokenizer as GPT-2 defines it: GPT-2 pre-tokenization, merges by rank over
/// bytes, and added tokens such as `<|endoftext|>`.
///
/// Text is encoded as its UTF-8 bytes. `encode(bytes:)` also accepts bytes that are not valid
/// UTF-8: each invalid byte counts as one character of the pattern's "other" class
/// (`[^\s\p{L}\p{N}]`), and decoding gives back the exact bytes. Encoding is thread-safe.
public final class ByteLevelBPETokenizer: @unchecked Sendable {
    let model: BPEModel
    private let cache = WordCache()

    init(model: BPEModel) {
        self.model = model
    }

    /// Number of token ids, added tokens included (50257 for GPT-2).
    public var vocabSize: Int { model.tokenBytes.count }

    /// The id of an added or special token such as `<|endoftext|>`, or nil.
    public func specialTokenID(_ token: String) -> Int? {
        model.addedTokens.first { $0.content == token }?.id
    }

    /// The special tokens' contents (those matched only when allowed).
    public var specialTokens: [String] { model.addedTokens.filter(\.special).map(\.content) }

    /// Token ids of `text`. Special tokens are recognised only if listed in `allowedSpecial`;
    /// elsewhere their text is encoded like any other text.
    public func encode(_ text: String, allowedSpecial: Set<String> = []) -> [Int] {
        var text = text
        return text.withUTF8 { encode(buffer: $0, allowedSpecial: allowedSpecial) }
    }

    /// Token ids of arbitrary bytes, valid UTF-8 or not.
    public func encode(bytes: [UInt8], allowedSpecial: Set<String> = []) -> [Int] {
        bytes.withUnsafeBufferPointer { encode(buffer: $0, allowedSpecial: allowedSpecial) }
    }

    /// The bytes of the tokens, concatenated: lossless for any input of `encode(bytes:)`.
    public func decodeBytes(_ ids: [Int]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for (position, id) in ids.enumerated() {
            guard id >= 0, id < model.tokenBytes.count, let token = model.tokenBytes[id] else {
                throw TokenizerError.unknownTokenID(id: id, position: position)
            }
            bytes.append(contentsOf: token)
        }
        return bytes
    }

    /// The text of the tokens; bytes that are not valid UTF-8 become U+FFFD.
    public func decode(_ ids: [Int]) throws -> String {
        String(decoding: try decodeBytes(ids), as: UTF8.self)
    }

    /// The bytes of one token, or nil for an unused id.
    public func tokenBytes(_ id: Int) -> [UInt8]? {
        id >= 0 && id < model.tokenBytes.count ? model.tokenBytes[id] : nil
    }

    func encode(buffer: UnsafeBufferPointer<UInt8>, allowedSpecial: Set<String>) -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(buffer.count / 3 + 1)
        let matchable = model.addedTokens
            .filter { !$0.special || allowedSpecial.contains($0.content) }
            .map { (bytes: $0.bytes, id: $0.id) }
            .sorted { $0.bytes.count > $1.bytes.count }  // longest match first
        guard !matchable.isEmpty else {
            encodeOrdinary(buffer, into: &ids)
            return ids
        }
        var startsToken = [Bool](repeating: false, count: 256)
        for token in matchable { startsToken[Int(token.bytes[0])] = true }  // contents are never empty
        var segmentStart = 0, position = 0
        while position < buffer.count {
            if startsToken[Int(buffer[position])],
               let token = matchable.first(where: { startsWith(buffer, at: position, $0.bytes) }) {
                encodeOrdinary(UnsafeBufferPointer(rebasing: buffer[segmentStart..<position]), into: &ids)
                ids.append(token.id)
                position += token.bytes.count
                segmentStart = position
            } else {
                position += 1
            }
        }
        encodeOrdinary(UnsafeBufferPointer(rebasing: buffer[segmentStart..<buffer.count]), into: &ids)
        return ids
    }

    private func startsWith(_ buffer: UnsafeBufferPointer<UInt8>, at position: Int, _ token: [UInt8]) -> Bool {
        guard !token.isEmpty, position + token.count <= buffer.count else { return false }
        for (offset, byte) in token.enumerated() where buffer[position + offset] != byte { return false }
        return true
    }

    /// Text between added tokens: pre-tokenize, then each piece from the cache or through BPE.
    private func encodeOrdinary(_ segment: UnsafeBufferPointer<UInt8>, into ids: inout [Int]) {
        guard !segment.isEmpty else { return }
        if model.addPrefixSpace && segment[0] != 0x20 {
            let prefixed = [0x20] + Array(segment)
            prefixed.withUnsafeBufferPointer { encodePieces($0, into: &ids) }
        } else {
            encodePieces(segment, into: &ids)
        }
    }

    private func encodePieces(_ segment: UnsafeBufferPointer<UInt8>, into ids: inout [Int]) {
        PreTokenizer.forEachPiece(in: segment) { range in
            if range.count == 1 {
                ids.append(Int(model.byteTokens[Int(segment[range.lowerBound])]))
                return
            }
            let piece = UnsafeBufferPointer(rebasing: segment[range])
            if cache.append(piece, to: &ids) { return }
            if model.lookupWholePieceFirst, let id = model.vocabulary.lookup(piece) {
                ids.append(Int(id))
                return
            }
            let parts = model.mergePiece(piece)
            for part in parts { ids.append(Int(part)) }
            cache.insert(piece, ids: parts)
        }
    }
}
