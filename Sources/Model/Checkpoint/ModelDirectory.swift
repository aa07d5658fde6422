import Foundation
import Tensor

/// A Hugging Face style model directory: `config.json` (GPT-2 keys) + `model.safetensors`
/// (GPT-2 tensor names, Conv1D layout), optionally `tokenizer.json`.
public enum ModelDirectory {
    public static let configFile = "config.json"
    public static let weightsFile = "model.safetensors"
    /// The tokenizer a policy or reward-model directory carries (Hugging Face's tokenizer.json).
    public static let tokenizerFile = "tokenizer.json"
    /// Tensors of task heads on top of the backbone, which `loadWeights` leaves to their owners.
    public static let headTensorNames: Set<String> = ["score.weight"]

    public static func loadGPT(from directory: URL) throws -> GPT {
        let config = try loadConfig(from: directory.appendingPathComponent(configFile))
        let model = try GPT(config: config)
        try loadWeights(into: model, from: directory.appendingPathComponent(weightsFile))
        return model
    }

    public static func loadConfig(from url: URL) throws -> GPTConfig {
        guard FileManager.default.fileExists(atPath: url.path) else { throw CheckpointError.missingFile(path: url.path) }
        let data = try Data(contentsOf: url)
        let config: GPTConfig
        do {
            config = try JSONDecoder().decode(GPTConfig.self, from: data)
        } catch DecodingError.keyNotFound(let key, _) {
            throw CheckpointError.badConfig(path: url.path, reason: "missing key \"\(key.stringValue)\"")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw CheckpointError.badConfig(path: url.path, reason: "key \"\(key)\" has the wrong type")
        } catch {
            throw CheckpointError.badConfig(path: url.path, reason: "not valid JSON")
        }
        if let problem = config.problem { throw CheckpointError.badConfig(path: url.path, reason: problem) }
        let extras = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        if let inner = extras["n_inner"] as? Int, inner != 4 * config.embeddingWidth {
            throw CheckpointError.badConfig(path: url.path, reason: "n_inner \(inner) is not supported (GPT-2 uses 4·n_embd)")
        }
        if let activation = extras["activation_function"] as? String, !["gelu_new", "gelu_pytorch_tanh"].contains(activation) {
            throw CheckpointError.badConfig(path: url.path, reason: "activation_function \"\(activation)\" is not supported (GPT-2 uses gelu_new)")
        }
        return config
    }

    /// Fills the model's parameters from a safetensors file. Accepts bare GPT-2 names and the
    /// `transformer.` prefix of GPT2LMHeadModel; skips the attn.bias / attn.masked_bias buffers, a
    /// tied lm_head.weight and the heads in `headTensorNames` (a sequence classifier's `score.weight`,
    /// which its own module reads: this loads the backbone). Anything missing, extra or misshapen is an
    /// error naming the tensor.
    public static func loadWeights(into model: GPT, from url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { throw CheckpointError.missingFile(path: url.path) }
        let (tensors, _) = try Safetensors.read(contentsOf: url)
        var byName: [String: SafetensorsTensor] = [:]
        var head: SafetensorsTensor?
        for (fileName, tensor) in tensors {
            let name = fileName.hasPrefix("transformer.") ? String(fileName.dropFirst("transformer.".count)) : fileName
            if name.hasSuffix(".attn.bias") || name.hasSuffix(".attn.masked_bias") { continue }
            if name == "lm_head.weight" { head = tensor; continue }
            if headTensorNames.contains(name) { continue }
            guard model.layout.spec(named: name) != nil else { throw CheckpointError.unexpectedTensor(path: url.path, tensor: fileName) }
            byName[name] = tensor
        }
        for spec in model.layout.specs {
            guard let tensor = byName[spec.name] else { throw CheckpointError.missingTensor(path: url.path, tensor: spec.name) }
            guard tensor.shape == spec.shape else {
                throw CheckpointError.shapeMismatch(path: url.path, tensor: spec.name, expected: spec.shape, found: tensor.shape)
            }
            tensor.values.withUnsafeBufferPointer { (model.parameters.pointer + spec.offset).update(from: $0.baseAddress!, count: spec.count) }
        }
        if let head, head.values != byName["wte.weight"]?.values { throw CheckpointError.untiedHead(path: url.path) }
    }

    /// Writes config.json and model.safetensors (each atomically), plus any extra head tensors
    /// (e.g. a reward model's `score.weight`) under their own names. `backbonePrefix` (e.g.
    /// `transformer.`) prefixes the GPT-2 names, as Hugging Face's task models expect when a head is
    /// present; `extraConfig` adds keys to config.json (e.g. `num_labels`, `pad_token_id`).
    public static func save(_ model: GPT, to directory: URL, architecture: String = "GPT2LMHeadModel",
                            extraTensors: [(name: String, shape: [Int], values: [Float])] = [],
                            backbonePrefix: String = "", extraConfig: [String: Any] = [:]) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try AtomicFile.write(try configJSON(model.config, architecture: architecture, extra: extraConfig),
                             to: directory.appendingPathComponent(configFile))
        let parameters = UnsafeBufferPointer(start: model.parameters.pointer, count: model.parameters.count)
        var entries = model.layout.specs.map { spec in
            (name: backbonePrefix + spec.name, shape: spec.shape, values: UnsafeBufferPointer(rebasing: parameters[spec.offset..<(spec.offset + spec.count)]))
        }
        // The copies must outlive the write: Swift may release an object right after its last use,
        // which would leave the buffer pointers dangling (an optimised build did).
        let extraCopies = extraTensors.map { FloatBuffer($0.values) }
        for (tensor, copy) in zip(extraTensors, extraCopies) {
            entries.append((tensor.name, tensor.shape, UnsafeBufferPointer(start: copy.pointer, count: copy.count)))
        }
        try withExtendedLifetime(extraCopies) {
            try Safetensors.write(entries, metadata: ["format": "pt"], to: directory.appendingPathComponent(weightsFile))
        }
    }

    /// config.json with the keys Hugging Face's GPT2Config reads.
    static func configJSON(_ config: GPTConfig, architecture: String, extra: [String: Any] = [:]) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as? [String: Any] ?? [:]
        object["architectures"] = [architecture]
        object["model_type"] = "gpt2"
        object["activation_function"] = "gelu_new"
        object["n_ctx"] = config.contextLength
        object["tie_word_embeddings"] = true
        for key in ["attn_pdrop", "embd_pdrop", "resid_pdrop"] { object[key] = 0.0 }
        for (key, value) in extra { object[key] = value }
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
