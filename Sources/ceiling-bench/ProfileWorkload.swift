import Foundation
import Model
import Tensor
import Train

/// A fixed, short workload for profilers (`valgrind --tool=callgrind`, `perf record`): no timing,
/// no reference scripts, the small GPT only, so instruction counts compare across builds.
///   ceiling-bench --profile train      two small-GPT train steps (the first allocates)
///   ceiling-bench --profile generate   three batched sampling calls of the small GPT (B 16, 128 new tokens)
///   ceiling-bench --profile train-b1   two small-GPT train steps at B 1 (short enough for callgrind)
///   ceiling-bench --profile train-gpt2 two GPT-2 124M-shape train steps (the memory section's child)
///   ceiling-bench --profile ppo        four PPO iterations of ceiling demo's shapes (the first allocates; setup included)
/// The last line is {"peak_rss_bytes": …}, the process's peak resident memory.
func runProfileWorkload(_ name: String) throws {
    switch name {
    case "train":
        _ = try trainStepSeconds(benchmarkShapes[0], repeats: 1)
    case "train-b1":
        let small = benchmarkShapes[0]
        _ = try trainStepSeconds(TrainShape(name: small.name, key: small.key, config: small.config, B: 1, T: small.T), repeats: 1)
    case "train-gpt2":
        _ = try trainStepSeconds(benchmarkShapes[1], repeats: 1)
    case "generate":
        _ = try generationSeconds(generationShapes[0], repeats: 2)
    case "ppo":
        let workload = try PPOWorkload()
        for _ in 0..<4 { _ = try workload.iterate() }
    default:
        throw BenchError.unknownProfile(name)
    }
    print("{\"peak_rss_bytes\": \(peakResidentBytes())}")
}

/// This process's peak resident memory (getrusage reports kibibytes on Linux).
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss * 1024
}

enum BenchError: Error, CustomStringConvertible {
    case unknownProfile(String)
    case thresholds(String)
    case workload(String)

    var description: String {
        switch self {
        case let .unknownProfile(name): return "unknown profile workload '\(name)' (expected train, train-b1, train-gpt2, generate or ppo)"
        case let .thresholds(reason): return "thresholds: \(reason)"
        case let .workload(reason): return "benchmark workload: \(reason)"
        }
    }
}
