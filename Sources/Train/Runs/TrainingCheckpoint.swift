import Foundation
import Model
import Tensor

/// What a resumed run needs besides the weights.
public struct TrainerState: Codable, Equatable, Sendable {
    /// The first step the resumed run executes.
    public var nextStep: Int
    public var optimizerSteps: Int
    public var dataGenerator: Xoshiro256StarStar

    public init(nextStep: Int, optimizerSteps: Int, dataGenerator: Xoshiro256StarStar) {
        self.nextStep = nextStep
        self.optimizerSteps = optimizerSteps
        self.dataGenerator = dataGenerator
    }

    enum CodingKeys: String, CodingKey {
        case nextStep = "next_step"
        case optimizerSteps = "optimizer_steps"
        case dataGenerator = "data_generator"
    }
}

/// A checkpoint folder: a model directory (config.json, model.safetensors, tokenizer.json) plus
/// optimizer.safetensors (AdamW moments, `m.<name>` / `v.<name>`) and trainer_state.json.
public enum TrainingCheckpoint {
    public static func write(to folder: URL, model: GPT, optimizer: AdamW, state: TrainerState, tokenizerJSON: Data?) throws {
        try ModelDirectory.save(model, to: folder)
        if let tokenizerJSON { try AtomicFile.write(tokenizerJSON, to: folder.appendingPathComponent("tokenizer.json")) }
        try writeMoments(of: optimizer, to: folder.appendingPathComponent("optimizer.safetensors"))
        try AtomicFile.write(try JSONFormat.pretty(state), to: folder.appendingPathComponent("trainer_state.json"))
    }

    /// Restores weights and optimizer in place and returns the trainer state.
    public static func read(from folder: URL, model: GPT, optimizer: AdamW) throws -> TrainerState {
        try ModelDirectory.loadWeights(into: model, from: folder.appendingPathComponent(ModelDirectory.weightsFile))
        try readMoments(into: optimizer, from: folder.appendingPathComponent("optimizer.safetensors"))
        let stateURL = folder.appendingPathComponent("trainer_state.json")
        guard let data = FileManager.default.contents(atPath: stateURL.path) else { throw CheckpointError.missingFile(path: stateURL.path) }
        let state: TrainerState
        do { state = try JSONDecoder().decode(TrainerState.self, from: data) } catch {
            throw RunDirectoryError.badFile(path: stateURL.path, reason: "not a trainer state (\(error))")
        }
        optimizer.restore(stepCount: state.optimizerSteps)
        return state
    }

    /// AdamW's moments as safetensors, `m.<tensor>` / `v.<tensor>` (the step count is the caller's to keep).
    public static func writeMoments(of optimizer: AdamW, to url: URL) throws {
        var moments: [(name: String, shape: [Int], values: UnsafeBufferPointer<Float>)] = []
        for (prefix, buffer) in [("m.", optimizer.firstMoment), ("v.", optimizer.secondMoment)] {
            for spec in optimizer.layout.specs {
                moments.append((prefix + spec.name, spec.shape, UnsafeBufferPointer(start: buffer.pointer + spec.offset, count: spec.count)))
            }
        }
        // The pointers above borrow the optimizer's buffers: keep them alive until written.
        try withExtendedLifetime(optimizer) { try Safetensors.write(moments, to: url) }
    }

    /// Restores the moments written by `writeMoments`; a missing or misshapen tensor is an error naming it.
    public static func readMoments(into optimizer: AdamW, from url: URL) throws {
        let (moments, _) = try Safetensors.read(contentsOf: url)
        for (prefix, buffer) in [("m.", optimizer.firstMoment), ("v.", optimizer.secondMoment)] {
            for spec in optimizer.layout.specs {
                guard let tensor = moments[prefix + spec.name] else {
                    throw CheckpointError.missingTensor(path: url.path, tensor: prefix + spec.name)
                }
                guard tensor.shape == spec.shape else {
                    throw CheckpointError.shapeMismatch(path: url.path, tensor: prefix + spec.name, expected: spec.shape, found: tensor.shape)
                }
                tensor.values.withUnsafeBufferPointer { (buffer.pointer + spec.offset).update(from: $0.baseAddress!, count: spec.count) }
            }
        }
    }
}
