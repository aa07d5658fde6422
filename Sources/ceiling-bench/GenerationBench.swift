import Foundation
import Model
import Tensor
import Train

/// One sampling workload: random-init model, B random prompts of `promptLength` tokens, `newTokens` each.
struct GenerationShape {
    let name: String
    /// The figure name's middle part in Benchmarks/thresholds.json (generate.<key>.vs_hf).
    let key: String
    let config: GPTConfig
    let B: Int, promptLength: Int, newTokens: Int
    let topK = 50  // Hugging Face's default for do_sample; both sides use it

    var pythonArguments: [String] {
        ["--layers", "\(config.layerCount)", "--width", "\(config.embeddingWidth)", "--heads", "\(config.headCount)",
         "--vocab", "\(config.vocabularySize)", "--context", "\(config.contextLength)", "--batch", "\(B)",
         "--prompt-len", "\(promptLength)", "--new-tokens", "\(newTokens)", "--top-k", "\(topK)",
         "--threads", "\(ProcessInfo.processInfo.activeProcessorCount)"]
    }
}

let generationShapes = [
    GenerationShape(name: "small GPT (4×256, V 8192, B 16, prompt 16, 128 new tokens)", key: "small",
                    config: GPTConfig(vocabularySize: 8192, contextLength: 256, layerCount: 4, headCount: 4, embeddingWidth: 256),
                    B: 16, promptLength: 16, newTokens: 128),
    GenerationShape(name: "GPT-2 124M shape (B 4, prompt 16, 128 new tokens)", key: "gpt2",
                    config: GPTConfig(vocabularySize: 50257, contextLength: 1024, layerCount: 12, headCount: 12, embeddingWidth: 768),
                    B: 4, promptLength: 16, newTokens: 128),
]

/// Seconds of one batched `Sampler.generate` call (prefill + every decode step + sampling).
func generationSeconds(_ shape: GenerationShape, repeats: Int) throws -> Double {
    let model = try GPT(config: shape.config)
    var generator = Xoshiro256StarStar(seed: 0)
    model.initializeWeights(generator: &generator)
    let prompts = (0..<shape.B).map { _ in
        (0..<shape.promptLength).map { _ in Int32(generator.next() % UInt64(shape.config.vocabularySize)) }
    }
    let config = SamplingConfig(temperature: 1, topK: shape.topK, maxNewTokens: shape.newTokens, stopAtEndOfText: false, seed: 1)
    let sampler = try Sampler(model: model, config: config, batchSize: shape.B)
    return try secondsPerCall(repeats: repeats) {
        let sequences = try sampler.generate(prompts: prompts)
        precondition(sequences.allSatisfy { $0.tokens.count == shape.newTokens })
    }
}

func runGenerationBenchmark(_ options: BenchOptions) {
    print("\n## generation: batched sampling with a KV cache (fp32, temperature 1, top-k 50)")
    for shape in generationShapes {
        do {
            let seconds = try generationSeconds(shape, repeats: options.quick ? 1 : 2)
            let rate = Double(shape.B * shape.newTokens) / seconds
            print(shape.name)
            print("  ceiling   \(format(rate, 0)) tokens/s   \(format(seconds * 1000 / Double(shape.newTokens), 2)) ms per step of \(shape.B) tokens")
            guard options.runReference else { continue }
            let repeats = options.quick ? 1 : 2
            if let hf = runReferenceScript("hf_generate.py", shape.pythonArguments + ["--repeats", "\(repeats)"]),
               let hfRate = hf["tokens_per_second"] as? Double {
                measuredFigures["generate.\(shape.key).vs_hf"] = rate / hfRate
                print("  hf        \(format(hfRate, 0)) tokens/s (transformers \(hf["transformers"] ?? "?"), torch \(hf["torch"] ?? "?"), \(hf["threads"] ?? "?") threads) → ceiling/hf \(format(rate / hfRate, 2))")
            } else {
                print("  hf        not measured (python3 with torch and transformers is needed)")
            }
        } catch {
            print("\(shape.name): failed: \(error)")
        }
    }
}
