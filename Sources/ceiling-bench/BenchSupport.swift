import Foundation
import Tensor

struct BenchOptions {
    var quick: Bool
    var runReference: Bool
    var sections: Set<String>
}

/// Seconds per call of `body`, the best of `repeats` timed runs after one warm-up run.
func secondsPerCall(repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

func printMachine() {
    let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuInfo.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
        .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    let environment = ProcessInfo.processInfo.environment
    print("# ceiling-bench \(ISO8601DateFormatter().string(from: Date()))")
    print("cpu              \(model), \(ProcessInfo.processInfo.activeProcessorCount) cores")
    print("openblas core    \(BLAS.coreName) (OPENBLAS_CORETYPE=\(environment["OPENBLAS_CORETYPE"] ?? "unset")), \(BLAS.openBLASThreadCount) OpenBLAS thread per call")
    print("ceiling threads  \(Parallel.threadCount) (sgemm blocks and element-wise kernels)")
}

/// Runs a Python script from Benchmarks/ and returns its last stdout line parsed as JSON.
func runReferenceScript(_ script: String, _ arguments: [String]) -> [String: Any]? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return runJSONProcess(URL(fileURLWithPath: "/usr/bin/env"), ["python3", root.appendingPathComponent("Benchmarks/\(script)").path] + arguments)
}

/// Runs a program and returns its last stdout line parsed as JSON (nil when it fails).
func runJSONProcess(_ executable: URL, _ arguments: [String]) -> [String: Any]? {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
          let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last else { return nil }
    return try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
}

/// A separate process that keeps one core busy until stopped (the "other core is busy" case).
final class BusyCore {
    private let process = Process()

    init() throws {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "while :; do :; done"]
        try process.run()
        Thread.sleep(forTimeInterval: 0.2)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
