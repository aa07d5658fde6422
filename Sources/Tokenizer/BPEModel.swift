/// A token matched verbatim in the text before pre-tokenization, such as `<|endoftext|>`.
struct AddedToken: Equatable {
    var content: String
    var id: Int
    /// Special tokens are matched only where the caller allows them; the others always are.
    var special: Bool
    var bytes: [UInt8] { Array(content.utf8) }
}

/// The immutable vocabulary and merge rules of a byte-level BPE.
struct BPEModel {
    /// Bytes of each token, by id; nil where an id is unused.
    var tokenBytes: [[UInt8]?]
    /// The token of each single byte.
    var byteTokens: [UInt32]
    var rules: MergeTable
    /// Merges in rank order as (left, right) ids; empty when the model came from tiktoken ranks,
    /// whose merges are implied by the ranks and recovered when written as tokenizer.json.
    var mergeList: [(UInt32, UInt32)]
    /// Ordinary tokens by bytes (not the added tokens).
    var vocabulary: ByteStringTable
    /// tiktoken (and tokenizer.json's `ignore_merges`) take a piece that is itself a token as is.
    var lookupWholePieceFirst: Bool
    /// tokenizer.json's ByteLevel `add_prefix_space`: a space is put before text not starting with one.
    var addPrefixSpace: Bool
    var addedTokens: [AddedToken]

    /// Checks that every byte has a token and builds the byte table.
    /// - Parameter origin: names the file in errors.
    static func byteTokens(of vocabulary: ByteStringTable, origin: String, field: String) throws -> [UInt32] {
        var table = [UInt32](repeating: 0, count: 256)
        for byte in 0..<256 {
            guard let id = vocabulary.lookup([UInt8(byte)]) else {
                throw TokenizerError.invalidField(path: origin, field: field,
                                                  reason: "no token for the single byte 0x\(String(byte, radix: 16)); a byte-level BPE needs all 256")
            }
            table[byte] = UInt32(id)
        }
        return table
    }

    /// Runs the merges over `bytes` as one piece (no pre-tokenization).
    func mergePiece(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt32] {
        var parts = bytes.map { byteTokens[Int($0)] }
        BytePairMerge.merge(&parts, rules: rules)
        return parts
    }
}
