import Foundation

/// The online method the demo runs against the single reward model and the UWO ensemble.
enum DemoMethod: String, CaseIterable, Codable {
    case ppo, rloo, grpo
}

/// Every setting of one demo seed. `default` holds the values chosen in docs/calibration.md; `tiny`
/// only proves the wiring (a CI test runs it in a debug build); `small` sits between.
struct DemoSize: Codable {
    var name: String
    // World and base policies.
    var worldDocuments: Int
    var vocabularySize: Int
    var modelConfig: String
    var sftSteps: Int
    var sftBatchSize: Int
    /// Ensemble members; member k's reward model starts from base policy k (SFT seed k). Base 0 is
    /// the policy that is optimized, and its reward model is the single one.
    var members: Int
    // Preferences and reward models.
    var pairs: Int
    var rewardEpochs: Int
    var rewardLearningRate: Float
    // Best-of-n.
    var bestOfNPrompts: Int
    var bestOfNPool: Int
    var bestOfNUWOLambda: Double
    // Online method.
    var method: DemoMethod
    var steps: Int
    var promptsPerStep: Int
    var samplesPerPrompt: Int
    var learningRate: Float
    var klCoefficient: Double
    var onlineUWOLambda: Double
    var evalSamples: Int
    var evalEvery: Int
    var denseEvalEvery: Int
    /// Samples of the demo's own paired re-evaluation (peak checkpoint, final single, final UWO).
    var pairedEvalSamples: Int

    static let tiny = DemoSize(
        name: "tiny", worldDocuments: 600, vocabularySize: 300, modelConfig: "tiny", sftSteps: 30, sftBatchSize: 8, members: 4,
        pairs: 120, rewardEpochs: 1, rewardLearningRate: 1e-3, bestOfNPrompts: 8, bestOfNPool: 8, bestOfNUWOLambda: 0.5,
        method: .grpo, steps: 4, promptsPerStep: 2, samplesPerPrompt: 2, learningRate: 1e-4, klCoefficient: 0.05,
        onlineUWOLambda: 0.1, evalSamples: 16, evalEvery: 2, denseEvalEvery: 2, pairedEvalSamples: 16)

    static let small = DemoSize(
        name: "small", worldDocuments: 6000, vocabularySize: 768, modelConfig: "world", sftSteps: 400, sftBatchSize: 32, members: 4,
        pairs: 1500, rewardEpochs: 2, rewardLearningRate: 1e-3, bestOfNPrompts: 64, bestOfNPool: 64, bestOfNUWOLambda: 0.5,
        method: .grpo, steps: 30, promptsPerStep: 16, samplesPerPrompt: 4, learningRate: 1e-4, klCoefficient: 0.05,
        onlineUWOLambda: 0.1, evalSamples: 256, evalEvery: 6, denseEvalEvery: 3, pairedEvalSamples: 256)

    /// The calibrated settings (docs/calibration.md, "Recommended settings").
    static let standard = DemoSize(
        name: "default", worldDocuments: 14_000, vocabularySize: 1024, modelConfig: "world", sftSteps: 1000, sftBatchSize: 32, members: 4,
        pairs: 3000, rewardEpochs: 2, rewardLearningRate: 1e-3, bestOfNPrompts: 128, bestOfNPool: 64, bestOfNUWOLambda: 0.5,
        method: .grpo, steps: 60, promptsPerStep: 16, samplesPerPrompt: 4, learningRate: 1e-4, klCoefficient: 0.05,
        onlineUWOLambda: 0.1, evalSamples: 512, evalEvery: 6, denseEvalEvery: 3, pairedEvalSamples: 512)

    static func named(_ name: String) -> DemoSize? {
        switch name {
        case "tiny": return .tiny
        case "small": return .small
        case "default": return .standard
        default: return nil
        }
    }
}
