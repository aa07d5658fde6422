import Foundation
import Model
import Reward
import Tensor

/// PPO's critic: a GPT backbone of its own plus a linear head (weight and bias) read at every
/// completion position, Vₜ = h·w + b with h the final hidden state where the policy predicts token t
/// (the state "prompt and y<ₜ"). Hugging Face's GPT2ForTokenClassification has the same shape
/// (`classifier.weight` (1, C), `classifier.bias` (1)); the head is stored beside the backbone.
public final class ValueModel {
    public let backbone: GPT
    /// classifier.weight (C floats) then classifier.bias (1 float), one buffer for one optimizer.
    public let head: FloatBuffer
    public let headGradient: FloatBuffer
    public let headLayout: TensorLayout
    /// Shape and read positions of the last forward pass, for backward.
    private var lastPass: (B: Int, T: Int, positions: [[Int]])?

    public static let headFile = "value_head.safetensors"

    public init(backbone: GPT) {
        self.backbone = backbone
        let C = backbone.config.embeddingWidth
        var layout = TensorLayout()
        layout.append("classifier.weight", [1, C])
        layout.append("classifier.bias", [1])
        headLayout = layout
        head = FloatBuffer(count: layout.totalCount)
        headGradient = FloatBuffer(count: layout.totalCount)
    }

    /// A copy of the policy's backbone with a zero head (V ≡ 0 until it learns).
    public static func initialize(fromPolicy policy: GPT) throws -> ValueModel {
        let backbone = try GPT(config: policy.config)
        backbone.parameters.pointer.update(from: policy.parameters.pointer, count: policy.parameters.count)
        return ValueModel(backbone: backbone)
    }

    /// A copy of a reward model's backbone, its head divided by the member's normalization std and
    /// its bias −mean/std, so the head reads normalized rewards as the objective does. The policy's
    /// tokens must mean the same to it: same vocabulary (the world's tokenizer) and enough context.
    public static func initialize(fromReward reward: RewardModel, policy: GPTConfig) throws -> ValueModel {
        let config = reward.backbone.config
        guard config.vocabularySize == policy.vocabularySize else {
            throw PPOError.incompatibleValueModel(reason: "the reward model's vocabulary (\(config.vocabularySize)) differs from the policy's (\(policy.vocabularySize))")
        }
        guard config.contextLength >= policy.contextLength else {
            throw PPOError.incompatibleValueModel(reason: "the reward model's context (\(config.contextLength)) is shorter than the policy's (\(policy.contextLength))")
        }
        let backbone = try GPT(config: config)
        backbone.parameters.pointer.update(from: reward.backbone.parameters.pointer, count: reward.backbone.parameters.count)
        let model = ValueModel(backbone: backbone)
        let normalization = reward.settings.normalization, C = config.embeddingWidth
        for c in 0..<C { model.head[c] = reward.head[c] / normalization.std }
        model.head[C] = -normalization.mean / normalization.std
        return model
    }

    /// Vₜ of every completion token of every row.
    public func values(_ batch: CompletionBatch) throws -> [[Float]] {
        let hidden = try backbone.forwardHidden(tokens: batch.tokens, B: batch.B, T: batch.T)
        let C = backbone.config.embeddingWidth, bias = head[C]
        lastPass = (batch.B, batch.T, batch.positions)
        return batch.positions.map { rows in
            rows.map { position in
                var sum: Float = 0
                let row = hidden + position * C
                for c in 0..<C { sum += row[c] * head[c] }
                return sum + bias
            }
        }
    }

    /// Accumulates ∂L/∂(head, backbone) from ∂L/∂Vₜ of the last forward pass.
    public func backward(dValues: [[Float]]) throws {
        guard let pass = lastPass, let hidden = backbone.activation("ln_f") else { throw ModelError.backwardBeforeForward }
        guard dValues.count == pass.positions.count, zip(dValues, pass.positions).allSatisfy({ $0.count == $1.count }) else {
            throw PPOError.invalidRollout(reason: "value gradient shape does not match the last forward pass")
        }
        let C = backbone.config.embeddingWidth
        var dHidden = [Float](repeating: 0, count: pass.B * pass.T * C)
        for (positions, gradients) in zip(pass.positions, dValues) {
            for (position, dValue) in zip(positions, gradients) {
                for c in 0..<C {
                    headGradient[c] += dValue * hidden[position * C + c]
                    dHidden[position * C + c] = dValue * head[c]
                }
                headGradient[C] += dValue
            }
        }
        try dHidden.withUnsafeBufferPointer { try backbone.backward(dHidden: $0.baseAddress!) }
    }

    public func zeroGradients() {
        backbone.zeroGradients()
        headGradient.zero()
    }

    /// The backbone as a model directory (config.json, model.safetensors) plus value_head.safetensors.
    public func save(to folder: URL) throws {
        try ModelDirectory.save(backbone, to: folder)
        try TensorFile.write([("", head)], layout: headLayout, to: folder.appendingPathComponent(Self.headFile))
    }

    /// Restores weights saved by `save` into this model (same architecture).
    public func load(from folder: URL) throws {
        try ModelDirectory.loadWeights(into: backbone, from: folder.appendingPathComponent(ModelDirectory.weightsFile))
        try TensorFile.read(folder.appendingPathComponent(Self.headFile), into: [("", head)], layout: headLayout)
    }
}
