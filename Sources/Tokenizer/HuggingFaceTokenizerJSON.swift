import Foundation

/// Reads Hugging Face tokenizer.json files of GPT-2's kind: model type BPE, ByteLevel
/// pre-tokenizer (and decoder), no normalizer; merges as `"a b"` strings or `["a", "b"]` pairs.
enum HuggingFaceTokenizerJSON {
    static func parse(_ data: Data, origin: String) throws -> BPEModel {
        let root: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw TokenizerError.malformedJSON(path: origin, reason: "top level is not an object")
            }
            root = object
        } catch let error as TokenizerError {
            throw error
        } catch {
            throw TokenizerError.malformedJSON(path: origin, reason: (error as NSError).localizedDescription)
        }
        let fields = Fields(origin: origin)
        try fields.requireNullOrAbsent(root["normalizer"], "normalizer")
        let addPrefixSpace = try parsePreTokenizer(root["pre_tokenizer"], fields)
        guard let model = root["model"] as? [String: Any] else {
            throw root["model"] == nil ? TokenizerError.missingField(path: origin, field: "model")
                : TokenizerError.invalidField(path: origin, field: "model", reason: "not an object")
        }
        if let type = model["type"], (type as? String) != "BPE" {
            throw TokenizerError.unsupported(path: origin, field: "model.type", value: "\(type)")
        }
        try fields.requireNullOrAbsent(model["dropout"], "model.dropout")
        try fields.requireEmptyOrAbsent(model["continuing_subword_prefix"], "model.continuing_subword_prefix")
        try fields.requireEmptyOrAbsent(model["end_of_word_suffix"], "model.end_of_word_suffix")
        let ignoreMerges = (model["ignore_merges"] as? Bool) ?? false

        // Vocabulary: byte-level text → id.
        guard let vocab = model["vocab"] as? [String: Any] else {
            throw model["vocab"] == nil ? TokenizerError.missingField(path: origin, field: "model.vocab")
                : TokenizerError.invalidField(path: origin, field: "model.vocab", reason: "not an object")
        }
        var idOfText: [String: Int] = [:]
        var tokenBytes: [[UInt8]?] = []
        var vocabulary = ByteStringTable(minimumCapacity: vocab.count)
        for (text, value) in vocab {
            let field = "model.vocab[\(quoted(text))]"
            guard let id = value as? Int, id >= 0, id < 1 << 30 else {
                throw TokenizerError.invalidField(path: origin, field: field, reason: "id is not a non-negative integer")
            }
            guard let bytes = ByteUnicodeTable.decode(text) else {
                throw TokenizerError.invalidField(path: origin, field: field, reason: "character outside the byte-level alphabet")
            }
            if id >= tokenBytes.count { tokenBytes += [[UInt8]?](repeating: nil, count: id + 1 - tokenBytes.count) }
            guard tokenBytes[id] == nil else {
                throw TokenizerError.invalidField(path: origin, field: field, reason: "id \(id) is used twice")
            }
            tokenBytes[id] = bytes
            idOfText[text] = id
            vocabulary.insert(bytes, value: UInt64(id))
        }
        let byteTokens = try BPEModel.byteTokens(of: vocabulary, origin: origin, field: "model.vocab")

        // Merges: rank = position in the list.
        guard let merges = model["merges"] as? [Any] else {
            throw model["merges"] == nil ? TokenizerError.missingField(path: origin, field: "model.merges")
                : TokenizerError.invalidField(path: origin, field: "model.merges", reason: "not an array")
        }
        var rules = MergeTable(minimumCapacity: merges.count)
        var mergeList: [(UInt32, UInt32)] = []
        mergeList.reserveCapacity(merges.count)
        for (rank, entry) in merges.enumerated() {
            let field = "model.merges[\(rank)]"
            let pair: [String]
            if let text = entry as? String {
                pair = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            } else if let array = entry as? [Any], let strings = array as? [String] {
                pair = strings
            } else {
                throw TokenizerError.invalidField(path: origin, field: field, reason: "neither a \"a b\" string nor a [\"a\", \"b\"] pair")
            }
            guard pair.count == 2 else {
                throw TokenizerError.invalidField(path: origin, field: field, reason: "expected two tokens, found \(pair.count)")
            }
            guard let left = idOfText[pair[0]], let right = idOfText[pair[1]], let merged = idOfText[pair[0] + pair[1]] else {
                throw TokenizerError.invalidField(path: origin, field: field, reason: "a token of \(quoted(pair[0])) + \(quoted(pair[1])) or their concatenation is not in model.vocab")
            }
            rules.insertIfAbsent(UInt32(left), UInt32(right), .init(rank: UInt32(rank), merged: UInt32(merged)))
            mergeList.append((UInt32(left), UInt32(right)))
        }

        let added = try parseAddedTokens(root["added_tokens"], fields)
        for token in added {
            if token.id >= tokenBytes.count { tokenBytes += [[UInt8]?](repeating: nil, count: token.id + 1 - tokenBytes.count) }
            tokenBytes[token.id] = token.bytes
        }
        return BPEModel(tokenBytes: tokenBytes, byteTokens: byteTokens, rules: rules, mergeList: mergeList,
                        vocabulary: vocabulary, lookupWholePieceFirst: ignoreMerges,
                        addPrefixSpace: addPrefixSpace, addedTokens: added)
    }

    /// Accepts a ByteLevel pre-tokenizer with the GPT-2 regex; returns its `add_prefix_space`.
    private static func parsePreTokenizer(_ value: Any?, _ fields: Fields) throws -> Bool {
        guard let value, !(value is NSNull) else {
            throw TokenizerError.missingField(path: fields.origin, field: "pre_tokenizer (a ByteLevel pre-tokenizer)")
        }
        guard let object = value as? [String: Any] else {
            throw TokenizerError.invalidField(path: fields.origin, field: "pre_tokenizer", reason: "not an object")
        }
        let type = object["type"] as? String ?? "?"
        guard type == "ByteLevel" else {
            throw TokenizerError.unsupported(path: fields.origin, field: "pre_tokenizer.type", value: type)
        }
        if let useRegex = object["use_regex"] as? Bool, !useRegex {
            throw TokenizerError.unsupported(path: fields.origin, field: "pre_tokenizer.use_regex", value: "false")
        }
        return object["add_prefix_space"] as? Bool ?? false
    }

    private static func parseAddedTokens(_ value: Any?, _ fields: Fields) throws -> [AddedToken] {
        guard let value, !(value is NSNull) else { return [] }
        guard let entries = value as? [Any] else {
            throw TokenizerError.invalidField(path: fields.origin, field: "added_tokens", reason: "not an array")
        }
        return try entries.enumerated().map { index, entry in
            let field = "added_tokens[\(index)]"
            guard let object = entry as? [String: Any] else {
                throw TokenizerError.invalidField(path: fields.origin, field: field, reason: "not an object")
            }
            guard let id = object["id"] as? Int, id >= 0, id < 1 << 30 else {
                throw TokenizerError.invalidField(path: fields.origin, field: field + ".id", reason: "missing or not a non-negative integer")
            }
            guard let content = object["content"] as? String, !content.isEmpty else {
                throw TokenizerError.invalidField(path: fields.origin, field: field + ".content", reason: "missing or empty")
            }
            for flag in ["single_word", "lstrip", "rstrip"] where (object[flag] as? Bool) == true {
                throw TokenizerError.unsupported(path: fields.origin, field: field + "." + flag, value: "true")
            }
            return AddedToken(content: content, id: id, special: object["special"] as? Bool ?? false)
        }
    }

    private static func quoted(_ text: String) -> String { "\"" + text + "\"" }

    private struct Fields {
        let origin: String

        func requireNullOrAbsent(_ value: Any?, _ field: String) throws {
            guard let value, !(value is NSNull) else { return }
            let type = (value as? [String: Any])?["type"] as? String ?? "\(value)"
            throw TokenizerError.unsupported(path: origin, field: field, value: type)
        }

        func requireEmptyOrAbsent(_ value: Any?, _ field: String) throws {
            guard let value, !(value is NSNull) else { return }
            guard let text = value as? String, text.isEmpty else {
                throw TokenizerError.unsupported(path: origin, field: field, value: "\(value)")
            }
        }
    }
}
