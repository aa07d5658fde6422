import ArgumentParser
import Foundation
import Model
import Tokenizer
import Train

/// `ceiling generate`: batched sampling with a KV cache (issue 6, item 4).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Sample completions of prompts from a model directory (batched, with a KV cache).",
        discussion: """
            Writes one JSON line per prompt: {"prompt": …, "completions": […], "logprobs": […], "finish_reasons": […]}. \
            logprobs[i] lists, for completion i, the log-probability of each generated token under the unmodified model \
            (temperature 1, no top-k/top-p), the end-of-text token included when it was sampled (its text is not part of \
            the completion). finish_reasons[i] is end_of_text, max_tokens or context_full. With --flat, one line per \
            completion: {"prompt": …, "completion": …}, the input of `ceiling gold score`. \
            The same seed gives the same samples whatever --batch-size is. Progress lines go to standard error.
            """)

    @Option(help: "Model directory (config.json + model.safetensors).") var model: String
    @Option(help: "tokenizer.json or .tiktoken file (default: MODEL/tokenizer.json).") var tokenizer: String?
    @Option(help: "One prompt text (an empty prompt starts from <|endoftext|>).") var prompt: String?
    @Option(help: "JSONL file with a string field \"prompt\" on each line.") var prompts: String?
    @Option(help: "What the model reads, with {prompt} standing for each prompt; the two characters \\n become a newline. The world's policy reads \"Q: {prompt}\\nA:\". Output lines keep the prompt as given.")
    var template = "{prompt}"
    @Option(name: .customLong("n"), help: "Completions per prompt.") var samplesPerPrompt = 1
    @Option(help: "Sampling temperature; 0 is greedy.") var temperature: Float = 1
    @Option(name: .customLong("top-k"), help: "Keep only the K most likely tokens (default: off).") var topK: Int?
    @Option(name: .customLong("top-p"), help: "Keep the smallest set of most likely tokens whose probability reaches P (1 = off).")
    var topP: Float = 1
    @Option(name: .customLong("max-tokens"), help: "Most tokens generated per completion.") var maxTokens = 64
    @Flag(name: .customLong("ignore-end-of-text"), help: "Keep generating after <|endoftext|> (until --max-tokens or the context is full).")
    var ignoreEndOfText = false
    @Option(help: "Seed of every random draw (completion j of prompt i uses stream i·n + j).") var seed: UInt64 = 0
    @Option(name: .customLong("batch-size"), help: "Sequences sampled together.") var batchSize = 16
    @Option(help: "Output JSONL file, written atomically (default: standard output).") var out: String?
    @Flag(help: "One line per completion, {\"prompt\", \"completion\"} (the input format of `ceiling gold score`).")
    var flat = false

    func validate() throws {
        guard (prompt == nil) != (prompts == nil) else { throw ValidationError("give exactly one of --prompt and --prompts") }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: model)
        let gpt = try ModelDirectory.loadGPT(from: directory)
        let tokenizerURL = tokenizer.map { URL(fileURLWithPath: $0) } ?? directory.appendingPathComponent("tokenizer.json")
        let textTokenizer = try ByteLevelBPETokenizer.load(contentsOf: tokenizerURL)
        let texts = try prompts.map { try PromptFile.read(contentsOf: URL(fileURLWithPath: $0)) } ?? [prompt ?? ""]
        let config = SamplingConfig(temperature: temperature, topK: topK, topP: topP, maxNewTokens: maxTokens,
                                    stopAtEndOfText: !ignoreEndOfText, seed: seed)
        let generator = try TextGenerator(model: gpt, tokenizer: textTokenizer, config: config, batchSize: batchSize,
                                          template: template.replacingOccurrences(of: "\\n", with: "\n"))
        let start = Date()
        let records = try generator.generate(prompts: texts, samplesPerPrompt: samplesPerPrompt) { done, total in
            guard total > batchSize else { return }  // one batch: the summary line is enough
            let elapsed = Date().timeIntervalSince(start)
            let eta = elapsed / Double(done) * Double(total - done)
            let line = String(format: "generate: %d/%d sequences  %.1f s elapsed  ETA %.1f s\n", done, total, elapsed, eta)
            FileHandle.standardError.write(Data(line.utf8))
        }
        let seconds = Date().timeIntervalSince(start)
        if let out {
            try GenerationJSONL.write(records, flat: flat, to: URL(fileURLWithPath: out))
            let tokens = records.reduce(0) { $0 + $1.tokenIDs.reduce(0) { $0 + $1.count } }
            Log.ceiling.info("\(String(format: "wrote %@: %d prompts × %d completions, %d tokens in %.2f s (%.0f tokens/s)", out, texts.count, samplesPerPrompt, tokens, seconds, Double(tokens) / max(seconds, 1e-9)))")
        } else {
            FileHandle.standardOutput.write(try GenerationJSONL.encode(records, flat: flat))
        }
    }
}
