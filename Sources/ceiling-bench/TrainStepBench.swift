import Foundation
import Model
import Tensor

struct TrainShape {
    let name: String
    /// The figure names' middle part in Benchmarks/thresholds.json (train.<key>.vs_pytorch).
    let key: String
    let config: GPTConfig
    let B: Int, T: Int
    var pythonArguments: [String] {
        ["--layers", "\(config.layerCount)", "--width", "\(config.embeddingWidth)", "--heads", "\(config.headCount)",
         "--vocab", "\(config.vocabularySize)", "--batch", "\(B)", "--seq", "\(T)", "--threads", "\(ProcessInfo.processInfo.activeProcessorCount)"]
    }
}

let benchmarkShapes = [
    TrainShape(name: "small GPT (4×256, V 8192, B 8, T 256)", key: "small",
               config: GPTConfig(vocabularySize: 8192, contextLength: 256, layerCount: 4, headCount: 4, embeddingWidth: 256), B: 8, T: 256),
    TrainShape(name: "GPT-2 124M shape (B 4, T 256)", key: "gpt2",
               config: GPTConfig(vocabularySize: 50257, contextLength: 1024, layerCount: 12, headCount: 12, embeddingWidth: 768), B: 4, T: 256),
]

/// Seconds of one forward + backward + clip + AdamW step.
func trainStepSeconds(_ shape: TrainShape, repeats: Int) throws -> Double {
    let model = try GPT(config: shape.config)
    var generator = Xoshiro256StarStar(seed: 0)
    model.initializeWeights(generator: &generator)
    let optimizer = AdamW(layout: model.layout)
    let tokens = (0..<(shape.B * shape.T)).map { _ in Int32(generator.next() % UInt64(shape.config.vocabularySize)) }
    let targets = (0..<(shape.B * shape.T)).map { _ in Int32(generator.next() % UInt64(shape.config.vocabularySize)) }
    return try secondsPerCall(repeats: repeats) {
        try model.forward(tokens: tokens, B: shape.B, T: shape.T)
        model.zeroGradients()
        try model.languageModelLossAndBackward(targets: targets)
        clipGradientNorm(model.gradients.pointer, count: model.gradients.count, maxNorm: 1)
        optimizer.step(parameters: model.parameters.pointer, gradients: model.gradients.pointer, learningRate: 1e-4)
    }
}

func runTrainStepBenchmark(_ options: BenchOptions) {
    print("\n## train step: forward + backward + AdamW (fp32)")
    for shape in benchmarkShapes {
        do {
            let repeats = options.quick ? 1 : 3
            let seconds = try trainStepSeconds(shape, repeats: repeats)
            let tokens = Double(shape.B * shape.T)
            let flops = 3 * shape.config.forwardFlopsPerToken(sequenceLength: shape.T) * tokens
            let achieved = flops / seconds / 1e9
            let matmuls = trainStepMatmulShapes(layers: shape.config.layerCount, width: shape.config.embeddingWidth,
                                                vocabulary: shape.config.vocabularySize, tokens: shape.B * shape.T)
            let sgemmCeiling = sgemmThroughput(matmuls, repeats: repeats)
            print("\(shape.name)")
            print("  ceiling   \(format(tokens / seconds, 0)) tokens/s   \(format(achieved)) GFLOP/s   \(format(seconds, 3)) s/step")
            measuredFigures["train.\(shape.key).vs_sgemm"] = achieved / sgemmCeiling
            print("  sgemm at the step's shapes \(format(sgemmCeiling)) GFLOP/s → train/sgemm \(format(achieved / sgemmCeiling, 2))")
            guard options.runReference else { continue }
            if let torch = runReferenceScript("pytorch_train_step.py", shape.pythonArguments + ["--steps", "\(repeats)"]),
               let torchRate = torch["tokens_per_second"] as? Double {
                measuredFigures["train.\(shape.key).vs_pytorch"] = tokens / seconds / torchRate
                print("  pytorch   \(format(torchRate, 0)) tokens/s (torch \(torch["torch"] ?? "?"), \(torch["threads"] ?? "?") threads) → ceiling/pytorch \(format(tokens / seconds / torchRate, 2))")
            } else {
                print("  pytorch   not measured (python3 with torch is needed: pip install torch)")
            }
        } catch {
            print("\(shape.name): failed: \(error)")
        }
    }
}

/// The same small-GPT step while another process keeps one core busy, with 2 threads and with 1.
func runLoadedCoreBenchmark(_ options: BenchOptions) {
    print("\n## small GPT train step while another process keeps one core busy")
    let shape = benchmarkShapes[0]
    let repeats = options.quick ? 1 : 2
    let tokens = Double(shape.B * shape.T)
    do {
        let idle = try trainStepSeconds(shape, repeats: repeats)
        let busy = try BusyCore()
        defer { busy.stop() }
        let loadedAll = try trainStepSeconds(shape, repeats: repeats)
        let threads = Parallel.threadCount
        Parallel.threadCount = 1
        let loadedOne = try trainStepSeconds(shape, repeats: repeats)
        Parallel.threadCount = threads
        print("  idle, \(threads) threads        \(format(tokens / idle, 0)) tokens/s")
        print("  loaded, \(threads) threads      \(format(tokens / loadedAll, 0)) tokens/s (\(format(idle / loadedAll, 2))× idle)")
        print("  loaded, 1 thread        \(format(tokens / loadedOne, 0)) tokens/s (\(format(idle / loadedOne, 2))× idle)")
    } catch {
        print("  failed: \(error)")
    }
}
