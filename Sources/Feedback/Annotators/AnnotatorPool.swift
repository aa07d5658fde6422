import Foundation

/// The annotators who label a dataset; each item is labeled by one of them, drawn by weight.
/// A share `doubleLabelRate` of items gets a second, independent label from another draw (a
/// different person, possibly with the same profile) to measure inter-annotator agreement.
public struct AnnotatorPool: Codable, Equatable, Sendable {
    public var name: String
    public var annotators: [Annotator]
    public var doubleLabelRate = 0.1

    public init(name: String, annotators: [Annotator], doubleLabelRate: Double = 0.1) {
        self.name = name
        self.annotators = annotators
        self.doubleLabelRate = doubleLabelRate
    }

    enum CodingKeys: String, CodingKey {
        case name, annotators
        case doubleLabelRate = "double_label_rate"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "custom"
        annotators = try c.decode([Annotator].self, forKey: .annotators)
        doubleLabelRate = try c.decodeIfPresent(Double.self, forKey: .doubleLabelRate) ?? 0.1
    }

    func draw(_ random: inout WorldRandom) -> Annotator { annotators[random.weightedIndex(annotators.map(\.weight))] }

    /// Checks the pool; `source` names the preset or file in errors.
    public func validate(source: String) throws {
        guard !annotators.isEmpty else { throw WorldError.invalidAnnotators(source: source, field: "annotators", reason: "must list at least one annotator") }
        guard (0...1).contains(doubleLabelRate) else {
            throw WorldError.invalidAnnotators(source: source, field: "double_label_rate", reason: "must lie in [0, 1]")
        }
        for annotator in annotators { try annotator.validate(source: source) }
        guard annotators.contains(where: { $0.weight > 0 }) else {
            throw WorldError.invalidAnnotators(source: source, field: "weight", reason: "at least one annotator needs a positive weight")
        }
        let names = annotators.map(\.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw WorldError.invalidAnnotators(source: source, field: "name", reason: "\"\(duplicate)\" appears twice")
        }
    }

    /// A preset name (`ideal`, `noisy`, `biased`, `strong`, `poisoned`, `diverse`) or a JSON file.
    public static func resolve(_ presetOrPath: String) throws -> AnnotatorPool {
        if let preset = AnnotatorPresets.named(presetOrPath) { return preset }
        let url = URL(fileURLWithPath: presetOrPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw WorldError.invalidSetting(name: "--annotators", reason: "\"\(presetOrPath)\" is neither a preset (\(AnnotatorPresets.names.joined(separator: ", "))) nor a file")
        }
        let pool: AnnotatorPool
        do {
            pool = try JSONDecoder().decode(AnnotatorPool.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw WorldError.invalidAnnotators(source: url.path, field: Self.field(of: error), reason: WorldFiles.describe(error))
        } catch {
            throw WorldError.invalidFile(path: url.path, reason: error.localizedDescription)
        }
        try pool.validate(source: url.path)
        return pool
    }

    private static func field(of error: DecodingError) -> String {
        let path: [CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: path = []
        }
        let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return text.isEmpty ? "(file)" : String(text.drop(while: { $0 == "." }))
    }
}
