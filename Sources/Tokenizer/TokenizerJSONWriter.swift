import Foundation

/// Writes a Hugging Face tokenizer.json (GPT-2's layout: ByteLevel pre-tokenizer, post-processor and
/// decoder; model BPE with merges as `["a", "b"]` pairs). The output is deterministic: vocabulary in
/// id order, one entry per line, so that trained tokenizers diff well.
enum TokenizerJSONWriter {
    static func render(_ model: BPEModel) -> Data {
        let (merges, wholePieceFirst) = mergesForExport(model)
        var out = "{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n  \"added_tokens\": ["
        out += model.addedTokens.map { token in
            "\n    {\"id\": \(token.id), \"content\": \(quote(token.content)), \"single_word\": false, "
                + "\"lstrip\": false, \"rstrip\": false, \"normalized\": false, \"special\": \(token.special)}"
        }.joined(separator: ",")
        out += model.addedTokens.isEmpty ? "],\n" : "\n  ],\n"
        let prefix = model.addPrefixSpace
        out += "  \"normalizer\": null,\n"
        out += "  \"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": \(prefix), \"trim_offsets\": true, \"use_regex\": true},\n"
        out += "  \"post_processor\": {\"type\": \"ByteLevel\", \"add_prefix_space\": \(prefix), \"trim_offsets\": false, \"use_regex\": true},\n"
        out += "  \"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": \(prefix), \"trim_offsets\": true, \"use_regex\": true},\n"
        out += "  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n    \"unk_token\": null,\n"
        out += "    \"continuing_subword_prefix\": null,\n    \"end_of_word_suffix\": null,\n"
        out += "    \"fuse_unk\": false,\n    \"byte_fallback\": false,\n    \"ignore_merges\": \(wholePieceFirst),\n"
        out += "    \"vocab\": {"
        var seen = Set<String>()
        var entries: [String] = []
        for (id, bytes) in model.tokenBytes.enumerated() {
            guard let bytes else { continue }
            let text = ByteUnicodeTable.encode(bytes)
            guard seen.insert(text).inserted else { continue }  // an added token spelled like an ordinary one
            entries.append("\n      \(quote(text)): \(id)")
        }
        out += entries.joined(separator: ",") + "\n    },\n    \"merges\": ["
        out += merges.map { left, right in
            "\n      [\(quote(token(model, left))), \(quote(token(model, right)))]"
        }.joined(separator: ",")
        out += "\n    ]\n  }\n}\n"
        return Data(out.utf8)
    }

    private static func token(_ model: BPEModel, _ id: UInt32) -> String {
        ByteUnicodeTable.encode(model.tokenBytes[Int(id)] ?? [])
    }

    /// The model's merge list; for a model read from tiktoken ranks, each token's merge is recovered by
    /// running BPE on its bytes with only the lower ranks, and whole-piece lookup is kept (tiktoken's rule).
    static func mergesForExport(_ model: BPEModel) -> (merges: [(UInt32, UInt32)], wholePieceFirst: Bool) {
        guard model.mergeList.isEmpty && model.lookupWholePieceFirst else {
            return (model.mergeList, model.lookupWholePieceFirst)
        }
        let addedIDs = Set(model.addedTokens.map(\.id))
        var merges: [(UInt32, UInt32)] = []
        for (id, bytes) in model.tokenBytes.enumerated() {
            guard let bytes, bytes.count > 1, !addedIDs.contains(id) else { continue }
            var parts = bytes.map { model.byteTokens[Int($0)] }
            BytePairMerge.mergeByScanning(&parts, rules: model.rules, rankLimit: UInt32(id))
            if parts.count == 2 { merges.append((parts[0], parts[1])) }
        }
        return (merges, true)
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension ByteLevelBPETokenizer {
    /// The Hugging Face tokenizer.json bytes of this tokenizer.
    public func tokenizerJSON() throws -> Data {
        TokenizerJSONWriter.render(model)
    }

    /// Writes tokenizer.json atomically: a temporary file in the same folder, then a rename.
    public func write(to url: URL) throws {
        let data = try tokenizerJSON()
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
        } catch {
            throw TokenizerError.writeFailed(path: url.path, reason: (error as NSError).localizedDescription)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw TokenizerError.writeFailed(path: url.path, reason: reason)
        }
    }
}
