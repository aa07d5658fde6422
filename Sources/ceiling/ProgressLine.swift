import Foundation

/// A progress bar with rate and ETA on a terminal; plain lines every `plainEvery` steps otherwise
/// (logs and CI output stay readable).
struct ProgressLine {
    let total: Int
    let unit: String
    let plainEvery: Int
    private let isTerminal = isatty(fileno(stdout)) != 0
    private let start = Date()
    private let firstStep: Int

    init(total: Int, firstStep: Int = 0, unit: String, plainEvery: Int) {
        self.total = total
        self.firstStep = firstStep
        self.unit = unit
        self.plainEvery = max(1, plainEvery)
    }

    private var units = 0.0

    /// `done` steps finished; `units` of the rate's unit (e.g. tokens) in the step just finished.
    mutating func update(done: Int, units stepUnits: Double, detail: String) {
        units += stepUnits
        let elapsed = Date().timeIntervalSince(start)
        let stepsHere = Double(done - firstStep)
        let rate = elapsed > 0 ? units / elapsed : 0
        let eta = stepsHere > 0 ? elapsed / stepsHere * Double(total - done) : 0
        let status = "\(done)/\(total)  \(detail)  \(Self.rate(rate)) \(unit)/s  ETA \(Self.clock(eta))"
        if isTerminal {
            let width = 24, filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            print("\r\(bar) \(status)\u{1B}[K", terminator: done == total ? "\n" : "")
            fflush(stdout)
        } else if done % plainEvery == 0 || done == total || done == firstStep + 1 {
            print("step \(status)")
            fflush(stdout)  // a pipe or file is block-buffered: show progress as it happens
        }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    static func rate(_ value: Double) -> String {
        value >= 10_000 ? String(format: "%.1fk", value / 1000) : String(format: "%.0f", value)
    }
}
