import Foundation
import Tensor

/// How a (prompt, completion) pair becomes the reward model's input text. Stored with the model
/// (reward_config.json), so training, `reward score` and every `RewardFunction` caller agree.
public struct RewardInputFormat: Codable, Equatable, Sendable {
    /// The world's document form (docs/world.md) with `{completion}` for the response.
    public static let worldTemplate = "Q: {prompt}\nA: {completion}"

    /// `{prompt}` and `{completion}` are replaced; a record without a prompt (implicit format) is
    /// its completion text alone.
    public var template = worldTemplate
    /// `<|endoftext|>` closes the input, so the head reads the same token after every answer.
    public var appendEndOfText = true

    enum CodingKeys: String, CodingKey {
        case template
        case appendEndOfText = "append_end_of_text"
    }

    public init(template: String = worldTemplate, appendEndOfText: Bool = true) {
        self.template = template
        self.appendEndOfText = appendEndOfText
    }

    /// The input text. The completion is cut at its first `<|endoftext|>` (the rest was never meant
    /// to be read, as for the gold reward) and trimmed, since the template supplies the separators.
    public func text(prompt: String?, completion: String) -> String {
        let cut = completion.range(of: "<|endoftext|>").map { String(completion[..<$0.lowerBound]) } ?? completion
        let response = cut.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let prompt else { return response }
        return template.replacingOccurrences(of: "{prompt}", with: prompt).replacingOccurrences(of: "{completion}", with: response)
    }
}

/// Reward = (raw − mean) / std, with mean and std of the raw reward over reference samples. Ensemble
/// members are normalized before they are combined (DESIGN.md §3); a pure affine map, so it never
/// changes which of two completions a model prefers.
public struct RewardNormalization: Codable, Equatable, Sendable {
    public var mean: Float
    public var std: Float
    /// What the statistics were measured on (e.g. "training completions", a reference file).
    public var reference: String
    public var samples: Int

    public static let identity = RewardNormalization(mean: 0, std: 1, reference: "none", samples: 0)

    public init(mean: Float, std: Float, reference: String, samples: Int) {
        self.mean = mean
        self.std = std
        self.reference = reference
        self.samples = samples
    }

    /// Mean and population standard deviation of `rewards` (std floored so it never divides by 0).
    public init(measuring rewards: [Float], reference: String) {
        let n = Double(max(rewards.count, 1))
        let mean = rewards.reduce(0.0) { $0 + Double($1) } / n
        let variance = rewards.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        self.init(mean: Float(mean), std: Float(max(variance.squareRoot(), 1e-6)), reference: reference, samples: rewards.count)
    }

    public func apply(_ raw: Float) -> Float { (raw - mean) / std }
}

/// reward_config.json of a reward model directory.
public struct RewardModelSettings: Codable, Equatable, Sendable {
    public static let fileName = "reward_config.json"
    public var format = RewardInputFormat()
    public var normalization = RewardNormalization.identity

    public init(format: RewardInputFormat = RewardInputFormat(), normalization: RewardNormalization = .identity) {
        self.format = format
        self.normalization = normalization
    }

    public static func read(from directory: URL) throws -> RewardModelSettings {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw RewardError.notARewardModel(path: directory.path) }
        do { return try JSONDecoder().decode(RewardModelSettings.self, from: data) } catch {
            throw RewardError.badFile(path: url.path, reason: "not a reward model configuration (\(error))")
        }
    }

    public func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self) + Data("\n".utf8), to: directory.appendingPathComponent(Self.fileName))
    }
}

extension RewardInputFormat {
    /// The format of a world directory's documents (world.json `format.document`), with its
    /// `{response}` as the completion.
    public init(worldDirectory: URL) throws {
        let url = worldDirectory.appendingPathComponent("world.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { throw RewardError.badFile(path: url.path, reason: "no such file") }
        struct Manifest: Decodable { struct Format: Decodable { var document: String }; var format: Format }
        do {
            let document = try JSONDecoder().decode(Manifest.self, from: data).format.document
            self.init(template: document.replacingOccurrences(of: "{response}", with: "{completion}"))
        } catch {
            throw RewardError.badFile(path: url.path, reason: "no format.document (\(error))")
        }
    }
}
