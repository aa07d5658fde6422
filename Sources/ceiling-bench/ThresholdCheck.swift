import Foundation

/// The ratios one run measured, by the names `Benchmarks/thresholds.json` uses.
nonisolated(unsafe) var measuredFigures: [String: Double] = [:]

/// One committed bound: a floor (the figure must be at least this) or a ceiling (at most this).
struct FigureBound: Decodable {
    let section: String
    let floor: Double?
    let ceiling: Double?
    let target: Double?
}

private struct ThresholdFile: Decodable {
    let figures: [String: FigureBound]
}

/// `--check`: compares the figures of this run with `Benchmarks/thresholds.json`. A figure of a section
/// that ran but was not measured (say, python3 or torch missing) fails too: nothing was verified.
/// Returns whether every bound held.
func checkThresholds(sections: Set<String>) throws -> Bool {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = root.appendingPathComponent("Benchmarks/thresholds.json")
    guard let data = FileManager.default.contents(atPath: url.path) else { throw BenchError.thresholds("\(url.path) is missing") }
    let file: ThresholdFile
    do { file = try JSONDecoder().decode(ThresholdFile.self, from: data) } catch {
        throw BenchError.thresholds("\(url.path) is not a thresholds file (\(error))")
    }
    print("\n## check against Benchmarks/thresholds.json")
    var passed = true
    for (name, bound) in file.figures.sorted(by: { $0.key < $1.key }) where sections.contains(bound.section) {
        let target = bound.target.map { " (issue target \(format($0, 2)))" } ?? ""
        guard let value = measuredFigures[name] else {
            print("  FAIL  \(name): not measured\(target)")
            passed = false
            continue
        }
        var failures: [String] = []
        if let floor = bound.floor, value < floor { failures.append("below the floor \(format(floor, 2))") }
        if let ceiling = bound.ceiling, value > ceiling { failures.append("above the ceiling \(format(ceiling, 2))") }
        let limit = bound.floor.map { "≥ \(format($0, 2))" } ?? bound.ceiling.map { "≤ \(format($0, 2))" } ?? ""
        print("  \(failures.isEmpty ? "ok  " : "FAIL")  \(name) = \(format(value, 2)) (\(limit))\(target)\(failures.isEmpty ? "" : ": " + failures.joined(separator: ", "))")
        if !failures.isEmpty { passed = false }
    }
    return passed
}
