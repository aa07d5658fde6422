import Foundation

/// Peak resident memory of the GPT-2 124M-shape train step (two steps: AdamW's moments exist after the
/// first), Ceiling in a child process of its own next to the PyTorch script at the same shapes.
func runMemoryBenchmark(_ options: BenchOptions) {
    print("\n## peak resident memory: GPT-2 124M-shape train step (B 4, T 256), whole process")
    let shape = benchmarkShapes[1]
    let gib = Double(1 << 30)
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    guard let ceiling = runJSONProcess(executable, ["--profile", "train-gpt2"])?["peak_rss_bytes"] as? Int else {
        print("  ceiling   failed to run \(executable.path) --profile train-gpt2")
        return
    }
    print("  ceiling   \(format(Double(ceiling) / gib, 2)) GiB")
    guard options.runReference else { return }
    if let torch = runReferenceScript("pytorch_train_step.py", shape.pythonArguments + ["--steps", "1", "--warmup", "1"]),
       let torchBytes = torch["peak_rss_bytes"] as? Int {
        measuredFigures["memory.gpt2.vs_pytorch"] = Double(ceiling) / Double(torchBytes)
        print("  pytorch   \(format(Double(torchBytes) / gib, 2)) GiB (torch \(torch["torch"] ?? "?")) → ceiling/pytorch \(format(Double(ceiling) / Double(torchBytes), 2))")
    } else {
        print("  pytorch   not measured (python3 with torch is needed: pip install torch)")
    }
}
