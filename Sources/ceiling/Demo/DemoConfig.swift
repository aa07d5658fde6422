import Foundation

/// OUT/config.json of a demo: its seeds and every setting of its size after the command's overrides
/// (snake_case keys, as in the runs' own config.json files).
struct DemoConfig: Encodable {
    var firstSeed: UInt64
    var seeds: Int
    var settings: DemoSize

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// A folder without config.json must not already hold seeds: their settings are unknown.
    static func checkNoUnrecordedSeeds(in folder: URL) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if names.contains(where: { $0.hasPrefix("seed-") }) { throw DemoConfigError.unrecorded(folder: folder) }
    }

    /// Throws unless the config.json `earlier` holds the same settings as `current` (this command's
    /// `json()`); the seeds may differ, so a demo can be continued with more seeds.
    static func checkSameSettings(_ earlier: Data, as current: Data, file: URL) throws {
        func settings(_ data: Data) -> NSDictionary? {
            ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["settings"] as? NSDictionary
        }
        guard let before = settings(earlier) else { throw DemoConfigError.unreadable(file: file, reason: "no settings object") }
        guard let now = settings(current), before.isEqual(now) else { throw DemoConfigError.otherSettings(file: file) }
    }
}

enum DemoConfigError: Error, CustomStringConvertible {
    case otherSettings(file: URL)
    case unrecorded(folder: URL)
    case unreadable(file: URL, reason: String)

    var description: String {
        switch self {
        case let .otherSettings(file):
            return "\(file.path): this demo folder was made with other settings (size, method, members or online overrides); "
                + "run them with a new --out, or the same options to continue it"
        case let .unrecorded(folder):
            return "\(folder.path) holds demo seeds but no config.json (a demo from before settings were recorded), so its "
                + "finished stages may not match these settings; run with a new --out"
        case let .unreadable(file, reason):
            return "\(file.path): not a demo config.json (\(reason))"
        }
    }
}
