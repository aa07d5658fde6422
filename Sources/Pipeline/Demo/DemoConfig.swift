import Foundation

/// OUT/config.json of a demo: its seeds and every setting of its size after the command's overrides
/// (snake_case keys, as in the runs' own config.json files).
public struct DemoConfig: Encodable {
    public var firstSeed: UInt64
    public var seeds: Int
    public var settings: DemoSize

    public init(firstSeed: UInt64, seeds: Int, settings: DemoSize) {
        self.firstSeed = firstSeed
        self.seeds = seeds
        self.settings = settings
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// A folder without config.json must not already hold seeds: their settings are unknown.
    public static func checkNoUnrecordedSeeds(in folder: URL) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if names.contains(where: { $0.hasPrefix("seed-") }) { throw DemoConfigError.unrecorded(folder: folder) }
    }

    /// Throws unless the config.json `earlier` holds the same settings as `current` (this command's
    /// `json()`); the seeds may differ, so a demo can be continued with more seeds.
    public static func checkSameSettings(_ earlier: Data, as current: Data, file: URL) throws {
        func settings(_ data: Data) -> NSDictionary? {
            ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["settings"] as? NSDictionary
        }
        guard let before = settings(earlier) else { throw DemoConfigError.unreadable(file: file, reason: "no settings object") }
        guard let now = settings(current), before.isEqual(now) else { throw DemoConfigError.otherSettings(file: file) }
    }
}

public enum DemoConfigError: Error, CustomStringConvertible {
    case otherSettings(file: URL)
    case unrecorded(folder: URL)
    case unreadable(file: URL, reason: String)
    /// The `biased` labels have no agreement figure (no pair with differing gold), so no matched-noise pool.
    case noAgreement(seed: UInt64)
    /// Every held-out prompt is in the best-of-n sweep's pool: none is left for the fresh pool.
    case noFreshPrompts(seed: UInt64)

    public var description: String {
        switch self {
        case let .otherSettings(file):
            return "\(file.path): this demo folder was made with other settings (size, method, members or online overrides); "
                + "run them with a new --out, or the same options to continue it"
        case let .unrecorded(folder):
            return "\(folder.path) holds demo seeds but no config.json (a demo from before settings were recorded), so its "
                + "finished stages may not match these settings; run with a new --out"
        case let .unreadable(file, reason):
            return "\(file.path): not a demo config.json (\(reason))"
        case let .noAgreement(seed):
            return "seed \(seed): the biased labels have no pair with differing gold, so the matched-noise condition has no agreement to match"
        case let .noFreshPrompts(seed):
            return "seed \(seed): the best-of-n sweep used every held-out prompt; lower best_of_n_prompts so the fresh pool has prompts of its own"
        }
    }
}
