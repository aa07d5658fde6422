import ArgumentParser
import Foundation
import Model
import Tensor

struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect, initialize and run GPT model directories (config.json + model.safetensors).",
        subcommands: [ModelInfoCommand.self, ModelInitCommand.self, ModelLogitsCommand.self]
    )
}

struct ModelInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Print a model directory's architecture and parameter count.")

    @Option(help: "Model directory holding config.json and model.safetensors.")
    var model: String

    func run() throws {
        let directory = URL(fileURLWithPath: model)
        let configURL = directory.appendingPathComponent(ModelDirectory.configFile)
        let config = try ModelDirectory.loadConfig(from: configURL)
        let raw = (try? JSONSerialization.jsonObject(with: Data(contentsOf: configURL))) as? [String: Any]
        let architecture = (raw?["architectures"] as? [String])?.first ?? "GPT2LMHeadModel"
        let gpt = try ModelDirectory.loadGPT(from: directory)  // validates every tensor, not only the config
        print("architecture   \(architecture) (GPT-2: pre-LN, learned positions, tied embeddings)")
        print("layers         \(config.layerCount)")
        print("heads          \(config.headCount)")
        print("width          \(config.embeddingWidth)")
        print("context        \(config.contextLength)")
        print("vocabulary     \(config.vocabularySize)")
        print("parameters     \(gpt.parameters.count) (\(String(format: "%.2f", Double(gpt.parameters.count) / 1e6))M)")
    }
}

struct ModelInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a freshly initialized GPT-2 (N(0, 0.02); residual projections scaled by 1/√(2·n_layer)).")

    @Option(help: "A Hugging Face style config.json with n_layer, n_head, n_embd, vocab_size, n_positions.")
    var config: String
    @Option(help: "Seed of the initialization (xoshiro256**).")
    var seed: UInt64 = 0
    @Option(help: "Output model directory.")
    var out: String

    func run() throws {
        let gptConfig = try ModelDirectory.loadConfig(from: URL(fileURLWithPath: config))
        let model = try GPT(config: gptConfig)
        var generator = Xoshiro256StarStar(seed: seed)
        model.initializeWeights(generator: &generator)
        try ModelDirectory.save(model, to: URL(fileURLWithPath: out))
        Log.ceiling.info("wrote \(out) (\(model.parameters.count) parameters, seed \(seed))")
    }
}

struct ModelLogitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logits", abstract: "Run one forward pass on token ids.")

    @Option(help: "Model directory.")
    var model: String
    @Option(help: "Comma-separated token ids, e.g. 464,3290,318.")
    var ids: String
    @Option(help: "Write a safetensors file holding one float32 tensor `logits` of shape (T, V); without it, print a summary.")
    var output: String?

    func run() throws {
        let tokens = try ids.split(separator: ",").map { part -> Int32 in
            guard let id = Int32(part.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("--ids: '\(part)' is not a token id") }
            return id
        }
        guard !tokens.isEmpty else { throw ValidationError("--ids: give at least one token id") }
        let gpt = try ModelDirectory.loadGPT(from: URL(fileURLWithPath: model))
        let V = gpt.config.vocabularySize, T = tokens.count
        let logits = UnsafeBufferPointer(start: try gpt.forward(tokens: tokens, B: 1, T: T), count: T * V)
        if let output {
            try Safetensors.write([("logits", [T, V], logits)], metadata: ["format": "pt"], to: URL(fileURLWithPath: output))
            Log.ceiling.info("wrote \(output): logits (\(T), \(V)) float32")
            return
        }
        print("logits (\(T), \(V))")
        for t in 0..<T {
            let row = logits[(t * V)..<((t + 1) * V)]
            let best = row.indices.max { row[$0] < row[$1] }!
            print("position \(t)  token \(tokens[t])  next: argmax \(best - t * V) (logit \(String(format: "%.4f", row[best])))")
        }
    }
}
