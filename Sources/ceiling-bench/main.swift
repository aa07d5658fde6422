import Foundation
import Tensor

// ceiling-bench: throughput figures next to reference implementations measured in the same run.
//   swift run -c release ceiling-bench [--quick] [--no-reference] [--check] [--only sgemm,train,memory,load,generate,tokenizer,ppo]
//   --check      exit 1 when a ratio is outside the bounds in Benchmarks/thresholds.json
//   --profile W  run a fixed workload for a profiler (train, train-gpt2, generate, ppo) and print its peak memory
let arguments = CommandLine.arguments.dropFirst()
let options = BenchOptions(
    quick: arguments.contains("--quick"),
    runReference: !arguments.contains("--no-reference"),
    sections: arguments.firstIndex(of: "--only").flatMap { i in
        arguments.index(after: i) < arguments.endIndex ? Set(arguments[arguments.index(after: i)].split(separator: ",").map(String.init)) : nil
    } ?? ["sgemm", "train", "memory", "load", "generate", "tokenizer", "ppo"]
)

if let i = arguments.firstIndex(of: "--profile"), arguments.index(after: i) < arguments.endIndex {
    do { try runProfileWorkload(arguments[arguments.index(after: i)]) } catch { print(error); exit(2) }
    exit(0)
}
printMachine()
if options.sections.contains("sgemm") { runSgemmBenchmark(options) }
if options.sections.contains("train") { runTrainStepBenchmark(options) }
if options.sections.contains("memory") { runMemoryBenchmark(options) }
if options.sections.contains("load") { runLoadedCoreBenchmark(options) }
if options.sections.contains("generate") { runGenerationBenchmark(options) }
if options.sections.contains("tokenizer") {
    do { try runTokenizerBenchmark() } catch { print("tokenizer benchmark failed: \(error)") }
}
if options.sections.contains("ppo") { runPPOIterationBenchmark(options) }
if arguments.contains("--check") {
    do {
        if try !checkThresholds(sections: options.sections) { exit(1) }
    } catch {
        print(error)
        exit(2)
    }
}
