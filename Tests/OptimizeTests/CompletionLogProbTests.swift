import Foundation
import XCTest
@testable import Model
@testable import Optimize
@testable import Tensor

/// The completion log-probability pass every policy method trains through: its values against
/// full-sequence log-probs, its gradient against finite differences, its shape checks.
final class CompletionLogProbTests: XCTestCase {
    func makeModel(seed: UInt64 = 3) throws -> GPT {
        let model = try GPT(config: GPTConfig(vocabularySize: 13, contextLength: 10, layerCount: 2, headCount: 2, embeddingWidth: 8))
        var generator = Xoshiro256StarStar(seed: seed)
        model.initializeWeights(generator: &generator)
        // Larger weights than GPT-2's init so that the distribution is far from uniform.
        for i in 0..<model.parameters.count { model.parameters[i] *= 3 }
        return model
    }

    let prompts: [[Int32]] = [[1, 2, 3], [4], [5, 6]]
    let completions: [[Int32]] = [[7, 8], [9, 10, 11, 12], []]

    func testLogProbsEqualFullSequenceLogProbs() throws {
        let model = try makeModel()
        let batch = try CompletionBatch(prompts: prompts, completions: completions, padding: 0, contextLength: 10)
        XCTAssertEqual(batch.T, 4)  // row 1: 1 prompt + 4 completion tokens, the last one never fed
        let scored = try model.completionLogProbabilities(batch)
        for b in prompts.indices {
            let sequence = prompts[b] + completions[b]
            XCTAssertEqual(scored.logProbs[b].count, completions[b].count)
            guard sequence.count > 1 else { continue }
            // One row on its own, unpadded: log π of each next token from the engine's own kernel.
            let T = sequence.count - 1
            let full = try model.tokenLogProbabilities(tokens: Array(sequence.dropLast()), targets: Array(sequence.dropFirst()), B: 1, T: T)
            for t in completions[b].indices {
                XCTAssertEqual(scored.logProbs[b][t], full[prompts[b].count - 1 + t], accuracy: 1e-5, "row \(b) token \(t)")
                XCTAssertGreaterThan(scored.entropies[b][t], 0)
                XCTAssertLessThanOrEqual(scored.entropies[b][t], log(13) + 1e-5)
            }
        }
        XCTAssertEqual(scored.sequenceLogProbs[2], 0)
    }

    func testEntropyMatchesDefinition() {
        let logits: [Float] = [0.5, -1, 2, 0, 0.25, 3, -2, 1, 0.1, 0.2]  // V = 10 exercises the SIMD body and its tail
        var logProb: Float = 0, entropy: Float = 0
        tokenLogProbabilitiesAndEntropies(logProbs: &logProb, entropies: &entropy, logits: logits, targets: [Int32(5)], N: 1, V: 10)
        let z = logits.map { exp(Double($0)) }.reduce(0, +)
        let p = logits.map { exp(Double($0)) / z }
        XCTAssertEqual(Double(logProb), log(p[5]), accuracy: 1e-6)
        XCTAssertEqual(Double(entropy), -p.map { $0 * log($0) }.reduce(0, +), accuracy: 1e-6)
    }

    /// L = Σ w·log π over completion tokens, with fixed per-token weights w: the pass's parameter
    /// gradient against central differences in double-checked float.
    func testGradientMatchesFiniteDifferences() throws {
        let model = try makeModel()
        let batch = try CompletionBatch(prompts: prompts, completions: completions, padding: 0, contextLength: 10)
        let weights: [[Float]] = [[0.7, -1.3], [0.2, 1.1, -0.4, 0.9], []]
        func loss() throws -> Double {
            let scored = try model.completionLogProbabilities(batch)
            return zip(scored.logProbs, weights).reduce(0.0) { total, row in
                total + zip(row.0, row.1).reduce(0.0) { $0 + Double($1.0 * $1.1) }
            }
        }
        model.zeroGradients()
        try model.completionForwardBackward(batch) { _ in weights }
        let analytic = Array(UnsafeBufferPointer(start: model.gradients.pointer, count: model.gradients.count))
        var generator = Xoshiro256StarStar(seed: 11)
        let h: Float = 4e-3
        var checked = 0
        for _ in 0..<60 {
            let i = Int(generator.next() % UInt64(model.parameters.count))
            let saved = model.parameters[i]
            model.parameters[i] = saved + h
            let plus = try loss()
            model.parameters[i] = saved - h
            let minus = try loss()
            model.parameters[i] = saved
            let numeric = (plus - minus) / Double(2 * h)
            XCTAssertEqual(Double(analytic[i]), numeric, accuracy: 2e-3 + 2e-2 * abs(numeric), "parameter \(i)")
            if abs(numeric) > 1e-3 { checked += 1 }
        }
        XCTAssertGreaterThan(checked, 20, "too few parameters with a visible gradient")
    }

    func testBadShapesAreErrors() throws {
        let model = try makeModel()
        XCTAssertThrowsError(try CompletionBatch(prompts: [[1]], completions: [], padding: 0, contextLength: 10))
        XCTAssertThrowsError(try CompletionBatch(prompts: [[]], completions: [[1]], padding: 0, contextLength: 10))
        XCTAssertThrowsError(try CompletionBatch(prompts: [[1, 2, 3, 4, 5, 6]], completions: [[1, 2, 3, 4, 5, 6]], padding: 0, contextLength: 10))
        let batch = try CompletionBatch(prompts: prompts, completions: completions, padding: 0, contextLength: 10)
        XCTAssertThrowsError(try model.completionForwardBackward(batch) { _ in [[1]] }) { error in
            guard case OptimizeError.invalidBatch = error else { return XCTFail("\(error)") }
        }
    }
}

final class ObjectiveAndKLTests: XCTestCase {
    func testObjectivesOnHandComputedMembers() {
        let members: [Float] = [1, -1, 0.5, 1.5]  // mean 0.5, population variance (0.25 + 2.25 + 0 + 1)/4 = 0.875
        XCTAssertEqual(RewardObjective(kind: .single).value(members: members), 1)
        XCTAssertEqual(RewardObjective(kind: .mean).value(members: members), 0.5, accuracy: 1e-7)
        XCTAssertEqual(RewardObjective(kind: .wco).value(members: members), -1)
        XCTAssertEqual(RewardObjective(kind: .uwo, uwoLambda: 0.5).value(members: members), 0.5 - 0.4375, accuracy: 1e-6)
        XCTAssertEqual(RewardObjective.standardDeviation(members), Float(0.875).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(RewardObjective.standardDeviation([2]), 0)
    }

    func testObjectiveIsWrittenWithTheRunDirectoryKeys() throws {
        let json = try JSONEncoder().encode(RewardObjective(kind: .uwo, uwoLambda: 0.25))
        let object = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        XCTAssertEqual(object?["objective"] as? String, "uwo")
        XCTAssertEqual(object?["uwo_lambda"] as? Double, 0.25)
    }

    func testKLEstimatorsOnHandComputedRatios() {
        let policy: [Float] = [-1, -2, -0.5], reference: [Float] = [-1.5, -1, -0.5]  // ρ = 0.5, −1, 0
        XCTAssertEqual(KLEstimate.k1(policy: policy, reference: reference), -0.5, accuracy: 1e-7)
        // k3 = (e^−0.5 − 1 + 0.5) + (e^1 − 1 − 1) + 0
        XCTAssertEqual(KLEstimate.k3(policy: policy, reference: reference), exp(-0.5) - 0.5 + exp(1) - 2, accuracy: 1e-6)
        XCTAssertEqual(KLEstimate.k3Terms(policy: policy, reference: reference)[2], 0)
        XCTAssertGreaterThanOrEqual(KLEstimate.k3(policy: [-3], reference: [-0.1]), 0)
    }
}
