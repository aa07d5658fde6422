import Foundation
import Tensor

public enum ModelError: Error, CustomStringConvertible, Equatable {
    case invalidConfig(String)
    case tokenOutOfRange(position: Int, token: Int32, vocabularySize: Int)
    case sequenceTooLong(length: Int, contextLength: Int)
    case shapeMismatch(tensor: String, expected: [Int], found: [Int])
    case backwardBeforeForward

    public var description: String {
        switch self {
        case let .invalidConfig(reason): return "invalid model config: \(reason)"
        case let .tokenOutOfRange(position, token, vocabularySize):
            return "token id \(token) at position \(position) is outside the vocabulary (size \(vocabularySize))"
        case let .sequenceTooLong(length, contextLength):
            return "sequence length \(length) exceeds the model's context length \(contextLength) (n_positions)"
        case let .shapeMismatch(tensor, expected, found):
            return "tensor '\(tensor)' has shape \(found), expected \(expected)"
        case .backwardBeforeForward: return "backward called before a forward pass"
        }
    }
}

/// GPT-2: pre-LN transformer, learned positions, tied input/output embeddings.
///
/// One parameter buffer with named views in Hugging Face naming and Conv1D layout (in, out),
/// so each checkpoint tensor is one contiguous slice. Backward accumulates into `gradients`.
public final class GPT {
    public let config: GPTConfig
    public let layout: TensorLayout
    public let parameters: FloatBuffer
    public let gradients: FloatBuffer
    /// Activations of the last forward pass. A new (B,T) shape re-carves the same buffers when they are
    /// large enough, so batches of changing shapes do not allocate (and page-fault) at every step.
    private var activations: GPTActivations?
    var activationsForBackward: GPTActivations? { activations }
    private(set) var tokens: [Int32] = []
    /// The last forward pass, offered once for reuse (`offerLastForwardForReuse`).
    var reusableForward: ReusableForward?

    public init(config: GPTConfig) throws {
        if let problem = config.problem { throw ModelError.invalidConfig(problem) }
        self.config = config
        layout = GPT.parameterLayout(for: config)
        parameters = FloatBuffer(count: layout.totalCount)
        gradients = FloatBuffer(count: layout.totalCount)
    }

    /// The parameter tensors, in order, with their GPT-2 names (no `transformer.` prefix).
    public static func parameterLayout(for config: GPTConfig) -> TensorLayout {
        let C = config.embeddingWidth
        var layout = TensorLayout()
        layout.append("wte.weight", [config.vocabularySize, C])
        layout.append("wpe.weight", [config.contextLength, C])
        for i in 0..<config.layerCount {
            layout.append("h.\(i).ln_1.weight", [C])
            layout.append("h.\(i).ln_1.bias", [C])
            layout.append("h.\(i).attn.c_attn.weight", [C, 3 * C])
            layout.append("h.\(i).attn.c_attn.bias", [3 * C])
            layout.append("h.\(i).attn.c_proj.weight", [C, C])
            layout.append("h.\(i).attn.c_proj.bias", [C])
            layout.append("h.\(i).ln_2.weight", [C])
            layout.append("h.\(i).ln_2.bias", [C])
            layout.append("h.\(i).mlp.c_fc.weight", [C, 4 * C])
            layout.append("h.\(i).mlp.c_fc.bias", [4 * C])
            layout.append("h.\(i).mlp.c_proj.weight", [4 * C, C])
            layout.append("h.\(i).mlp.c_proj.bias", [C])
        }
        layout.append("ln_f.weight", [C])
        layout.append("ln_f.bias", [C])
        return layout
    }

    /// GPT-2 initialisation: weights and embeddings ~ N(0, 0.02), residual projections scaled
    /// by 1/√(2·n_layer), biases 0, norm gains 1.
    public func initializeWeights(generator: inout Xoshiro256StarStar) {
        let residualScale = 1 / Float(2 * config.layerCount).squareRoot()
        for spec in layout.specs {
            let values = parameters.pointer + spec.offset
            if spec.name.hasSuffix("ln_1.weight") || spec.name.hasSuffix("ln_2.weight") || spec.name == "ln_f.weight" {
                values.update(repeating: 1, count: spec.count)
            } else if spec.shape.count == 1 {
                values.update(repeating: 0, count: spec.count)
            } else {
                let isResidualProjection = spec.name.hasSuffix("attn.c_proj.weight") || spec.name.hasSuffix("mlp.c_proj.weight")
                let std = config.initializerRange * (isResidualProjection ? residualScale : 1)
                for i in 0..<spec.count { values[i] = Float(generator.nextNormal()) * std }
            }
        }
    }

    public func parameter(_ name: String) -> UnsafeMutablePointer<Float>? {
        layout.spec(named: name).map { parameters.pointer + $0.offset }
    }

    public func gradient(_ name: String) -> UnsafeMutablePointer<Float>? {
        layout.spec(named: name).map { gradients.pointer + $0.offset }
    }

    public func zeroGradients() { gradients.zero() }

    /// The activation tensors of the last forward pass by name (for tests and diagnostics).
    public func activation(_ name: String) -> [Float]? {
        guard let activations, let spec = activations.layout.spec(named: name) else { return nil }
        return Array(UnsafeBufferPointer(start: activations.storage.pointer + spec.offset, count: spec.count))
    }

    func prepare(tokens newTokens: [Int32], B: Int, T: Int) throws -> GPTActivations {
        guard newTokens.count == B * T else {
            throw ModelError.shapeMismatch(tensor: "tokens", expected: [B, T], found: [newTokens.count])
        }
        guard T <= config.contextLength else { throw ModelError.sequenceTooLong(length: T, contextLength: config.contextLength) }
        for (position, token) in newTokens.enumerated() where token < 0 || Int(token) >= config.vocabularySize {
            throw ModelError.tokenOutOfRange(position: position, token: token, vocabularySize: config.vocabularySize)
        }
        reusableForward = nil
        tokens = newTokens
        if let current = activations, current.B == B, current.T == T { return current }
        let next = GPTActivations(config: config, B: B, T: T, arena: activations)
        activations = next
        return next
    }
}
