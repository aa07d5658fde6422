import Foundation
import Model
import Tensor
import Train

/// What a resumed PPO run needs besides the policy's weights: ppo_state.json (β, the shuffle
/// generator, optimizer step counts), the policy's AdamW moments, and the value model with its
/// optimizers' moments under value/.
struct PPOState: Codable, Equatable {
    var klCoefficient: Double
    var shuffleGenerator: Xoshiro256StarStar
    var policyOptimizerSteps: Int
    var valueOptimizerSteps: Int
    var valueHeadOptimizerSteps: Int

    static let fileName = "ppo_state.json"

    enum CodingKeys: String, CodingKey {
        case klCoefficient = "kl_coefficient"
        case shuffleGenerator = "shuffle_generator"
        case policyOptimizerSteps = "policy_optimizer_steps"
        case valueOptimizerSteps = "value_optimizer_steps"
        case valueHeadOptimizerSteps = "value_head_optimizer_steps"
    }
}

extension PPOMethod {
    static let policyMomentsFile = "policy_optimizer.safetensors"
    static let valueFolder = "value"
    static let valueMomentsFile = "value_optimizer.safetensors"
    static let valueHeadMomentsFile = "value_head_optimizer.safetensors"

    public func saveState(to folder: URL) throws {
        let valueFolder = folder.appendingPathComponent(Self.valueFolder)
        try FileManager.default.createDirectory(at: valueFolder, withIntermediateDirectories: true)
        try TensorFile.write(momentBuffers(policyOptimizer), layout: policy.layout, to: folder.appendingPathComponent(Self.policyMomentsFile))
        try value.save(to: valueFolder)
        try TensorFile.write(momentBuffers(valueOptimizer), layout: value.backbone.layout, to: valueFolder.appendingPathComponent(Self.valueMomentsFile))
        try TensorFile.write(momentBuffers(valueHeadOptimizer), layout: value.headLayout,
                             to: valueFolder.appendingPathComponent(Self.valueHeadMomentsFile))
        let state = PPOState(klCoefficient: klController.coefficient, shuffleGenerator: shuffleGenerator,
                             policyOptimizerSteps: policyOptimizer.stepCount, valueOptimizerSteps: valueOptimizer.stepCount,
                             valueHeadOptimizerSteps: valueHeadOptimizer.stepCount)
        try AtomicFile.write(try JSONFormat.pretty(state), to: folder.appendingPathComponent(PPOState.fileName))
    }

    public func loadState(from folder: URL) throws {
        let stateURL = folder.appendingPathComponent(PPOState.fileName)
        guard let data = FileManager.default.contents(atPath: stateURL.path) else { throw CheckpointError.missingFile(path: stateURL.path) }
        let state: PPOState
        do { state = try JSONDecoder().decode(PPOState.self, from: data) } catch {
            throw PPOError.badState(path: stateURL.path, reason: "not a PPO state (\(error))")
        }
        guard state.klCoefficient.isFinite, state.klCoefficient >= 0 else {
            throw PPOError.badState(path: stateURL.path, reason: "kl_coefficient \(state.klCoefficient) is not a finite value ≥ 0")
        }
        let valueFolder = folder.appendingPathComponent(Self.valueFolder)
        try TensorFile.read(folder.appendingPathComponent(Self.policyMomentsFile), into: momentBuffers(policyOptimizer), layout: policy.layout)
        try value.load(from: valueFolder)
        try TensorFile.read(valueFolder.appendingPathComponent(Self.valueMomentsFile), into: momentBuffers(valueOptimizer), layout: value.backbone.layout)
        try TensorFile.read(valueFolder.appendingPathComponent(Self.valueHeadMomentsFile), into: momentBuffers(valueHeadOptimizer),
                            layout: value.headLayout)
        policyOptimizer.restore(stepCount: state.policyOptimizerSteps)
        valueOptimizer.restore(stepCount: state.valueOptimizerSteps)
        valueHeadOptimizer.restore(stepCount: state.valueHeadOptimizerSteps)
        klController.restore(coefficient: state.klCoefficient)
        shuffleGenerator = state.shuffleGenerator
    }

    private func momentBuffers(_ optimizer: AdamW) -> [(prefix: String, buffer: FloatBuffer)] {
        [("m.", optimizer.firstMoment), ("v.", optimizer.secondMoment)]
    }
}
