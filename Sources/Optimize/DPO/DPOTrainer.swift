import Foundation
import Model
import Reward
import Tensor
import Train

/// DPO/IPO steps on a GPT policy: each step scores a batch of pairs (chosen rows, then rejected
/// rows) in one completion pass, turns the loss's gradient with respect to the four sequence
/// log-probabilities into per-token gradients, and takes a clipped AdamW step on a warmup+cosine
/// schedule. The data order is a pure function of (seed, step), so a resumed run needs no data state.
public final class DPOTrainer {
    public let model: GPT
    public let config: DPOConfig
    public let data: DPOPreferenceData
    public let reference: ReferenceLogProbs
    public let optimizer: AdamW
    public let schedule: LearningRateSchedule
    public let order: RewardDataOrder
    let padding: Int32

    public init(model: GPT, config: DPOConfig, data: DPOPreferenceData, reference: ReferenceLogProbs, padding: Int32) {
        self.model = model
        self.config = config
        self.data = data
        self.reference = reference
        self.padding = padding
        optimizer = AdamW(layout: model.layout, config: AdamWConfig(weightDecay: config.weightDecay))
        order = RewardDataOrder(count: data.training.count, batchSize: config.batchSize, epochs: config.epochs, seed: config.seed,
                                bootstrap: false)
        schedule = LearningRateSchedule(peakRate: config.learningRate, minimumRate: config.minimumLearningRate,
                                        warmupSteps: config.warmupSteps, totalSteps: order.steps)
    }

    public func step(_ step: Int) throws -> DPOStepMetrics {
        let indices = order.batch(step: step)
        let (result, tokens) = try lossAndGradients(pairs: indices.map { data.training[$0] },
                                                    referenceChosen: indices.map { reference.training.chosen[$0] },
                                                    referenceRejected: indices.map { reference.training.rejected[$0] })
        guard result.loss.isFinite else { throw TrainingError.nonFinite(step: step, quantity: "loss") }
        let norm = clipGradientNorm(model.gradients.pointer, count: model.gradients.count, maxNorm: config.gradientClip)
        guard norm.isFinite else { throw TrainingError.nonFinite(step: step, quantity: "gradient norm") }
        let rate = schedule.rate(at: step)
        optimizer.step(parameters: model.parameters.pointer, gradients: model.gradients.pointer, learningRate: rate)
        return DPOStepMetrics(step: step, tokens: tokens, figures: result, gradNorm: norm, learningRate: rate)
    }

    /// The mean loss over `pairs` and its figures; ∂L/∂θ replaces `model.gradients`. Returns the
    /// positions computed (2·pairs × padded length).
    public func lossAndGradients(pairs: [DPOPair], referenceChosen: [Float], referenceRejected: [Float]) throws -> (DPOFigures, tokens: Int) {
        let batch = try CompletionBatch(pairs: pairs, padding: padding, contextLength: model.config.contextLength)
        var figures = DPOFigures.Accumulator()
        model.zeroGradients()
        try model.completionForwardBackward(batch) { scored in
            let (accumulated, gradient) = self.evaluate(scored.logProbs, referenceChosen: referenceChosen,
                                                        referenceRejected: referenceRejected)
            figures = accumulated
            return gradient
        }
        return (figures.figures, batch.B * batch.T)
    }

    /// The batch's figures and ∂L/∂log π of every completion token, for L the mean loss over the
    /// batch's pairs; `tokenLogProbs` holds the chosen rows, then the rejected rows.
    func evaluate(_ tokenLogProbs: [[Float]], referenceChosen: [Float], referenceRejected: [Float])
        -> (DPOFigures.Accumulator, [[Float]]) {
        let n = referenceChosen.count, normalized = config.lengthNormalized
        var figures = DPOFigures.Accumulator()
        var gradient = tokenLogProbs.map { [Float](repeating: 0, count: $0.count) }
        for i in 0..<n {
            let chosen = tokenLogProbs[i], rejected = tokenLogProbs[n + i]
            let policyChosen = PreferenceLoss.sequenceLogProb(chosen, lengthNormalized: normalized)
            let policyRejected = PreferenceLoss.sequenceLogProb(rejected, lengthNormalized: normalized)
            let value = PreferenceLoss.evaluate(
                config.loss, beta: config.beta, policyChosen: policyChosen, policyRejected: policyRejected,
                referenceChosen: normalizedReference(referenceChosen[i], count: chosen.count),
                referenceRejected: normalizedReference(referenceRejected[i], count: rejected.count))
            figures.add(value, policyChosen: policyChosen, policyRejected: policyRejected)
            let chosenWeight = Float(value.dChosen / Double(n) * PreferenceLoss.tokenWeight(count: chosen.count, lengthNormalized: normalized))
            let rejectedWeight = Float(value.dRejected / Double(n) * PreferenceLoss.tokenWeight(count: rejected.count, lengthNormalized: normalized))
            gradient[i] = [Float](repeating: chosenWeight, count: chosen.count)
            gradient[n + i] = [Float](repeating: rejectedWeight, count: rejected.count)
        }
        return (figures, gradient)
    }

    private func normalizedReference(_ sum: Float, count: Int) -> Double {
        config.lengthNormalized ? Double(sum) / Double(max(count, 1)) : Double(sum)
    }

    /// Loss and implicit-reward figures on the held-out pairs (forward only), nil without any.
    public func heldOutFigures() throws -> DPOFigures? {
        let pairs = data.heldOut
        guard !pairs.isEmpty else { return nil }
        var figures = DPOFigures.Accumulator()
        let size = 2 * config.batchSize
        for start in stride(from: 0, to: pairs.count, by: size) {
            let range = start..<min(start + size, pairs.count)
            let batch = try CompletionBatch(pairs: Array(pairs[range]), padding: padding, contextLength: model.config.contextLength)
            let scored = try model.completionLogProbabilities(batch)
            let (part, _) = evaluate(scored.logProbs, referenceChosen: Array(reference.heldOut.chosen[range]),
                                     referenceRejected: Array(reference.heldOut.rejected[range]))
            figures.merge(part)
        }
        return figures.figures
    }

    public func state(nextStep: Int) -> TrainerState {
        TrainerState(nextStep: nextStep, optimizerSteps: optimizer.stepCount, dataGenerator: Xoshiro256StarStar(seed: config.seed))
    }
}
