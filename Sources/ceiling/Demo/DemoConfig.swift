import Foundation

/// OUT/config.json of a demo: its seeds and every setting of its size after the command's overrides
/// (snake_case keys, as in the runs' own config.json files).
struct DemoConfig: Encodable {
    var firstSeed: UInt64
    var seeds: Int
    var settings: DemoSize

    struct Mismatch: Error, CustomStringConvertible {
        let file: URL
        var description: String {
            "\(file.path): this demo folder was made with other settings (size, method, members or online overrides); "
                + "run them with a new --out, or the same options to continue it"
        }
    }

    struct Unreadable: Error, CustomStringConvertible {
        let file: URL
        let reason: String
        var description: String { "\(file.path): not a demo config.json (\(reason))" }
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Throws unless `earlier` (another config.json) holds the same settings; the seeds may differ, so a
    /// demo can be continued with more seeds.
    func checkSameSettings(as earlier: Data, file: URL) throws {
        func settings(_ data: Data) -> NSDictionary? {
            ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["settings"] as? NSDictionary
        }
        guard let before = settings(earlier) else { throw Unreadable(file: file, reason: "no settings object") }
        guard let now = settings(try json()), before.isEqual(now) else { throw Mismatch(file: file) }
    }
}
