import Foundation

/// How a preference record becomes the token sequences the policy generates: the prompt as the
/// policy reads it (`"Q: {prompt}\nA:"`, World.policyInput) and the response as the completion that
/// continues it (`" {response}"` + `<|endoftext|>`), so that prompt + completion is exactly a corpus
/// document `"Q: …\nA: answer<|endoftext|>"`.
public struct PolicyTextFormat: Equatable, Sendable {
    public var promptTemplate: String
    public var completionTemplate: String

    public init(promptTemplate: String, completionTemplate: String) {
        self.promptTemplate = promptTemplate
        self.completionTemplate = completionTemplate
    }

    public func promptText(_ prompt: String) -> String {
        promptTemplate.replacingOccurrences(of: "{prompt}", with: prompt)
    }

    /// The response is cut at its first `<|endoftext|>` and trimmed (as the gold scorer and the
    /// reward models read it), since the template supplies the separator.
    public func completionText(_ response: String) -> String {
        let cut = response.range(of: "<|endoftext|>").map { String(response[..<$0.lowerBound]) } ?? response
        return completionTemplate.replacingOccurrences(of: "{response}", with: cut.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The world's format (world.json): `policy_input` is the prompt template, and the rest of
    /// `document` after it is the completion template.
    public init(worldDirectory: URL) throws {
        let url = worldDirectory.appendingPathComponent("world.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DPOError.badWorldFormat(path: url.path, reason: "no such file")
        }
        struct Manifest: Decodable {
            struct Format: Decodable {
                var document: String
                var policyInput: String
                enum CodingKeys: String, CodingKey { case document, policyInput = "policy_input" }
            }
            var format: Format
        }
        let format: Manifest.Format
        do { format = try JSONDecoder().decode(Manifest.self, from: data).format } catch {
            throw DPOError.badWorldFormat(path: url.path, reason: "no format.document and format.policy_input (\(error))")
        }
        guard format.document.hasPrefix(format.policyInput) else {
            throw DPOError.badWorldFormat(path: url.path, reason: "format.document does not start with format.policy_input")
        }
        self.init(promptTemplate: format.policyInput, completionTemplate: String(format.document.dropFirst(format.policyInput.count)))
    }
}
