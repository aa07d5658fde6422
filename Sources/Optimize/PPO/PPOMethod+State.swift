import Foundation
import Model
import Tensor
import Train

/// What a resumed PPO run needs besides the policy's weights: ppo_state.json (β, the shuffle
/// generator, the value head's optimizer steps), the policy's optimizer (policy_optimizer.*), and
/// under value/ the value model (model directory + value_head.safetensors) and its optimizers.
struct PPOState: Codable, Equatable {
    var klCoefficient: Double
    var shuffleGenerator: Xoshiro256StarStar
    var valueHeadOptimizerSteps: Int

    static let fileName = "ppo_state.json"

    enum CodingKeys: String, CodingKey {
        case klCoefficient = "kl_coefficient"
        case shuffleGenerator = "shuffle_generator"
        case valueHeadOptimizerSteps = "value_head_optimizer_steps"
    }
}

extension PPOMethod {
    static let policyOptimizerName = "policy_optimizer"
    static let valueFolder = "value"
    static let valueOptimizerName = "value_optimizer"
    static let valueHeadMomentsFile = "value_head_optimizer.safetensors"

    public func saveState(to folder: URL) throws {
        let valueFolder = folder.appendingPathComponent(Self.valueFolder)
        try FileManager.default.createDirectory(at: valueFolder, withIntermediateDirectories: true)
        try policyOptimizer.save(to: folder, name: Self.policyOptimizerName)
        try value.save(to: valueFolder)
        try valueOptimizer.save(to: valueFolder, name: Self.valueOptimizerName)
        try TensorFile.write(momentBuffers(valueHeadOptimizer), layout: value.headLayout,
                             to: valueFolder.appendingPathComponent(Self.valueHeadMomentsFile))
        let state = PPOState(klCoefficient: klController.coefficient, shuffleGenerator: shuffleGenerator,
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
        try policyOptimizer.load(from: folder, name: Self.policyOptimizerName)
        try value.load(from: valueFolder)
        try valueOptimizer.load(from: valueFolder, name: Self.valueOptimizerName)
        try TensorFile.read(valueFolder.appendingPathComponent(Self.valueHeadMomentsFile), into: momentBuffers(valueHeadOptimizer),
                            layout: value.headLayout)
        valueHeadOptimizer.restore(stepCount: state.valueHeadOptimizerSteps)
        klController.restore(coefficient: state.klCoefficient)
        shuffleGenerator = state.shuffleGenerator
    }

    private func momentBuffers(_ optimizer: AdamW) -> [(prefix: String, buffer: FloatBuffer)] {
        [("m.", optimizer.firstMoment), ("v.", optimizer.secondMoment)]
    }
}
