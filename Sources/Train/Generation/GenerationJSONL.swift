import Foundation
import Tensor

/// JSON Lines output of `ceiling generate`.
///
/// Nested (default), one line per prompt: `{"prompt": …, "completions": […], "logprobs": [[…]], "finish_reasons": […]}`.
/// Flat, one line per completion: `{"prompt": …, "completion": …}` — the input of `ceiling gold score`.
public enum GenerationJSONL {
    public static func encode(_ records: [GenerationRecord], flat: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Objects are assembled field by field: JSONEncoder does not keep key order, and the
        // conventional order (prompt first) makes the files readable.
        func object(_ fields: [(String, Data)]) -> Data {
            var line = Data("{".utf8)
            for (index, (key, value)) in fields.enumerated() {
                line += Data("\(index == 0 ? "" : ",")\"\(key)\":".utf8) + value
            }
            return line + Data("}\n".utf8)
        }
        var output = Data()
        for record in records {
            let prompt = try encoder.encode(record.prompt)
            if flat {
                for completion in record.completions {
                    output += object([("prompt", prompt), ("completion", try encoder.encode(completion))])
                }
            } else {
                output += object([("prompt", prompt), ("completions", try encoder.encode(record.completions)),
                                  ("logprobs", try encoder.encode(record.logprobs)),
                                  ("finish_reasons", try encoder.encode(record.finishReasons))])
            }
        }
        return output
    }

    /// Writes atomically (a temporary file in the same folder, then a rename).
    public static func write(_ records: [GenerationRecord], flat: Bool, to url: URL) throws {
        try AtomicFile.write(try encode(records, flat: flat), to: url)
    }
}
