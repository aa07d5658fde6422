import Foundation
import Tensor

// ceiling-bench: throughput figures next to reference implementations measured in the same run.
//   swift run -c release ceiling-bench [--quick] [--no-reference] [--only sgemm,train,load,generate,tokenizer]
let arguments = CommandLine.arguments.dropFirst()
let options = BenchOptions(
    quick: arguments.contains("--quick"),
    runReference: !arguments.contains("--no-reference"),
    sections: arguments.firstIndex(of: "--only").flatMap { i in
        arguments.index(after: i) < arguments.endIndex ? Set(arguments[arguments.index(after: i)].split(separator: ",").map(String.init)) : nil
    } ?? ["sgemm", "train", "load", "generate", "tokenizer"]
)

printMachine()
if options.sections.contains("sgemm") { runSgemmBenchmark(options) }
if options.sections.contains("train") { runTrainStepBenchmark(options) }
if options.sections.contains("load") { runLoadedCoreBenchmark(options) }
if options.sections.contains("generate") { runGenerationBenchmark(options) }
if options.sections.contains("tokenizer") {
    do { try runTokenizerBenchmark() } catch { print("tokenizer benchmark failed: \(error)") }
}
