import Foundation
import Model
import Tensor
import Train

/// A resumable reward checkpoint: the backbone's training checkpoint (optimizer.safetensors,
/// trainer_state.json), overlaid by the reward model directory (config.json, model.safetensors
/// with score.weight, tokenizer.json, reward_config.json) and the head's AdamW moments
/// (head_optimizer.safetensors).
enum RewardCheckpoint {
    static let headMomentsFile = "head_optimizer.safetensors"

    static func write(to folder: URL, trainer: RewardTrainer, nextStep: Int) throws {
        try TrainingCheckpoint.write(to: folder, model: trainer.model.backbone, optimizer: trainer.optimizer,
                                     state: trainer.state(nextStep: nextStep), tokenizerJSON: nil)
        try trainer.model.save(to: folder)
        let C = trainer.model.head.count
        try Safetensors.write([("m." + RewardModel.headName, [1, C], UnsafeBufferPointer(start: trainer.headOptimizer.firstMoment.pointer, count: C)),
                               ("v." + RewardModel.headName, [1, C], UnsafeBufferPointer(start: trainer.headOptimizer.secondMoment.pointer, count: C))],
                              to: folder.appendingPathComponent(headMomentsFile))
    }

    /// Restores backbone, head and both optimizers in place; returns the next step.
    static func read(from folder: URL, trainer: RewardTrainer) throws -> Int {
        let state = try TrainingCheckpoint.read(from: folder, model: trainer.model.backbone, optimizer: trainer.optimizer)
        try trainer.model.loadHead(from: folder.appendingPathComponent(ModelDirectory.weightsFile))
        let url = folder.appendingPathComponent(headMomentsFile)
        guard FileManager.default.fileExists(atPath: url.path) else { throw CheckpointError.missingFile(path: url.path) }
        let (moments, _) = try Safetensors.read(contentsOf: url)
        for (name, buffer) in [("m.", trainer.headOptimizer.firstMoment), ("v.", trainer.headOptimizer.secondMoment)] {
            guard let tensor = moments[name + RewardModel.headName] else {
                throw CheckpointError.missingTensor(path: url.path, tensor: name + RewardModel.headName)
            }
            guard tensor.values.count == buffer.count else {
                throw CheckpointError.shapeMismatch(path: url.path, tensor: tensor.name, expected: [1, buffer.count], found: tensor.shape)
            }
            for i in 0..<buffer.count { buffer[i] = tensor.values[i] }
        }
        trainer.headOptimizer.restore(stepCount: state.optimizerSteps)
        return state.nextStep
    }
}
