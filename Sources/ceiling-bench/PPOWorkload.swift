import Feedback
import Foundation
import Model
import Optimize
import Reward
import Tensor
import Tokenizer
import Train

/// One PPO iteration at `ceiling demo`'s shapes, built in memory with random-init weights: policy,
/// reference, value and reward models are the "world" GPT (4 layers × 128, 4 heads, context 64) on a
/// 1,024-token BPE trained on the world's corpus; 16 training prompts of the world per step, one
/// sample each, 32 new tokens; `optimize ppo`'s defaults. The iteration is the online loop's own
/// (`RolloutProducer.produce`, then `PPOMethod.update`), less metrics files, evaluation and
/// checkpoints. Samples never stop at end-of-text, so every iteration samples exactly 16 × 32 tokens.
final class PPOWorkload {
    /// Documents the tokenizer is trained on (the demo uses 14,000; 3,000 already fill the 1,024 tokens).
    static let corpusDocuments = 3000
    static let vocabularySize = 1024

    let settings: PPOConfig
    let policy: GPT
    let reference: GPT
    let reward: RewardModel
    let text: PolicyText
    let prompts: PromptSet
    let producer: RolloutProducer
    let method: PPOMethod
    private(set) var step = 0

    var online: OnlineSettings { settings.online }
    var newTokens: Int { online.maxNewTokens }
    var samplesPerIteration: Int { online.promptsPerStep * method.samplesPerPrompt }

    init() throws {
        let world = World.generate(settings: WorldSettings(seed: 0))
        let corpus = Corpus.generate(world: world, documents: Self.corpusDocuments)
        let tokenizer = try ByteLevelBPETokenizer.train(text: corpus.text, vocabSize: Self.vocabularySize, specialTokens: [World.endOfText])
        guard let endOfText = tokenizer.specialTokenID(World.endOfText),
              var config = SFTConfig.namedArchitecture("world", vocabularySize: tokenizer.vocabSize) else {
            throw BenchError.workload("the world tokenizer or the \"world\" architecture is missing")
        }
        config.eosTokenID = endOfText
        var generator = Xoshiro256StarStar(seed: 0)
        policy = try GPT(config: config)
        policy.initializeWeights(generator: &generator)
        reference = try GPT(config: config)
        reference.parameters.pointer.update(from: policy.parameters.pointer, count: policy.parameters.count)
        let rewardBackbone = try GPT(config: config)
        rewardBackbone.initializeWeights(generator: &generator)
        reward = try RewardModel(backbone: rewardBackbone, tokenizer: tokenizer, settings: RewardModelSettings(), tokenizerPath: "(in memory)")
        for i in 0..<reward.head.count { reward.head[i] = Float(generator.nextNormal()) * config.initializerRange }

        // `ceiling optimize ppo`'s defaults (OptimizePPOCommand): lr 5e-5, β 0.02, the rest PPOSettings'.
        var online = OnlineSettings()
        online.learningRate = 5e-5
        online.minimumLearningRate = 5e-5
        online.klCoefficient = 0.02
        settings = PPOConfig(online: online)
        text = PolicyText(tokenizer: tokenizer, template: online.promptTemplate, endOfText: Int32(endOfText), contextLength: config.contextLength)
        prompts = try PromptSet.load(file: nil, world: world, split: .train, text: text)
        method = try PPOMethod(policy: policy, value: try settings.makeValueModel(policy: policy), config: settings)
        producer = try RolloutProducer(policy: policy, reference: reference, text: text, reward: reward, objective: online.objective, gold: nil,
                                       temperature: online.temperature, maxNewTokens: online.maxNewTokens, seed: online.seed &+ 0x0001_7A11,
                                       batchSize: online.batchSize, stopAtEndOfText: false)
    }

    /// The training prompts of iteration `step`, as the online loop draws them.
    func promptIndices(step: Int) -> [Int] {
        prompts.indices(step: step, count: online.promptsPerStep, seed: online.seed)
    }

    /// Token counts of the prompts of iterations 0..<count, in order (what the TRL script is given).
    func promptLengths(iterations count: Int) -> [Int] {
        (0..<count).flatMap { promptIndices(step: $0).map { prompts.inputs[$0].count } }
    }

    /// One iteration (rollout: sampling + policy/reference log-probs + reward; update: old values,
    /// advantages, the epochs), returning the seconds of each half and the update's floating-point
    /// operations (3 × forward per training pass, policy and value; the first policy pass reuses the
    /// rollout's forward; the value model has no language-model head).
    func iterate() throws -> (rollout: Double, update: Double, updateFlops: Double) {
        let indices = promptIndices(step: step)
        let start = DispatchTime.now().uptimeNanoseconds
        let scored = try producer.produce(prompts: prompts, indices: indices, samplesPerPrompt: method.samplesPerPrompt,
                                          streams: (0..<indices.count).map { RolloutProducer.trainingStream(step: step, row: $0) })
        guard scored.rollout.batch.completions.allSatisfy({ $0.count == newTokens }) else {
            throw BenchError.workload("a sample stopped before \(newTokens) tokens")
        }
        _ = scored.sampleFigures  // the loop's per-step metrics
        let middle = DispatchTime.now().uptimeNanoseconds
        _ = try method.update(scored.rollout, step: step)
        let end = DispatchTime.now().uptimeNanoseconds
        step += 1
        let batch = scored.rollout.batch, config = policy.config
        let policyFlops = config.forwardFlopsPerToken(sequenceLength: batch.T)
        let valueFlops = policyFlops - 2 * Double(config.vocabularySize * config.embeddingWidth)
        let passes = Double(settings.ppo.epochs * settings.ppo.minibatches)
        let flops = Double(batch.B * batch.T) * (passes * 3 * (policyFlops + valueFlops) - policyFlops + valueFlops)
        return (Double(middle - start) / 1e9, Double(end - middle) / 1e9, flops)
    }

    /// The rollout's parts timed one by one on the next iteration's prompts, with the same public calls
    /// `produce` and `update` make (weights unchanged): sampling, policy + reference log-probs, the
    /// reward model (text decoding and re-encoding included), the value model's forward pass.
    func phaseSeconds() throws -> (sampling: Double, logProbs: Double, reward: Double, values: Double) {
        let indices = promptIndices(step: step)
        let inputs = indices.map { prompts.inputs[$0] }
        let sampler = try Sampler(model: policy, config: SamplingConfig(temperature: online.temperature, maxNewTokens: newTokens,
                                                                         stopAtEndOfText: false, seed: 1), batchSize: online.batchSize)
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap() -> Double {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { clock = now }
            return Double(now - clock) / 1e9
        }
        let completions = try sampler.generate(prompts: inputs).map(\.tokens)
        let sampling = lap()
        let batch = try CompletionBatch(prompts: inputs, completions: completions, padding: text.endOfText, contextLength: text.contextLength)
        _ = try policy.completionLogProbabilities(batch)
        _ = try reference.completionLogProbabilities(batch)
        let logProbs = lap()
        _ = try reward.memberRewards(prompts: indices.map { prompts.texts[$0] }, completions: completions.map(text.completionText))
        let rewardSeconds = lap()
        _ = try method.value.values(batch)
        return (sampling, logProbs, rewardSeconds, lap())
    }
}
