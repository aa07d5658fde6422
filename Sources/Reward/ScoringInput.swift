import Feedback
import Foundation

/// A JSONL file of `{"prompt", "completion"}` lines: what `reward score` reads and what a
/// normalization reference holds. Errors name the file and the line.
public struct ScoringInput: Sendable {
    public var prompts: [String]
    public var completions: [String]

    private struct Line: Decodable {
        var prompt: String
        var completion: String
    }

    public static func read(url: URL) throws -> ScoringInput {
        var input = ScoringInput(prompts: [], completions: [])
        // Errors are the JSONL reader's PreferenceDataErrors, which name file, line and field.
        try JSONLReader(url: url).forEach(Line.self) { _, line in
            input.prompts.append(line.prompt)
            input.completions.append(line.completion)
        }
        return input
    }
}
