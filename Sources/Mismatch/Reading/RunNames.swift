import Foundation

/// Names that tell runs apart in tables: a run directory's own name, or "parent/name" when another
/// run of the same set has the same name (the demo's `seed-0/rloo-single`, `seed-1/rloo-single`, …).
public enum RunNames {
    public static func distinct(_ urls: [URL]) -> [String] {
        let names = urls.map { $0.standardizedFileURL.lastPathComponent }
        return zip(urls, names).map { url, name in
            guard names.filter({ $0 == name }).count > 1 else { return name }
            let parent = url.standardizedFileURL.deletingLastPathComponent().lastPathComponent
            return parent.isEmpty || parent == "/" ? name : "\(parent)/\(name)"
        }
    }
}
