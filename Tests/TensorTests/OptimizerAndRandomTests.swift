import Foundation
import XCTest
@testable import Tensor

final class OptimizerAndRandomTests: XCTestCase {
    func testXoshiroMatchesIndependentImplementation() throws {
        struct Reference: Decodable { let seed: UInt64; let outputs: [String] }
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Fixtures.tensor.appendingPathComponent("rng.json")))
        var generator = Xoshiro256StarStar(seed: reference.seed)
        XCTAssertEqual(reference.outputs.map { UInt64($0)! }, (0..<reference.outputs.count).map { _ in generator.next() })
    }

    func testNormalDrawsHaveUnitMoments() {
        var generator = Xoshiro256StarStar(seed: 7)
        let draws = (0..<20_000).map { _ in generator.nextNormal() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        XCTAssertEqual(mean, 0, accuracy: 0.03)
        XCTAssertEqual(variance, 1, accuracy: 0.05)
    }

    func testAdamWFirstStepByHand() {
        // One matrix (decayed) and one bias (not decayed), p = 1, g = 0.5, lr 0.1, wd 0.1.
        // m = 0.05, v = 0.0125, m̂ = 0.5, v̂ = 0.25 → step = 0.1·0.5/(0.5 + 1e-8) ≈ 0.1.
        // Matrix: 1·(1 − 0.01) − 0.1 = 0.89; bias: 1 − 0.1 = 0.9.
        var layout = TensorLayout()
        layout.append("w", [1, 1])
        layout.append("b", [1])
        let optimizer = AdamW(layout: layout, config: AdamWConfig(beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1))
        var parameters: [Float] = [1, 1]
        optimizer.step(parameters: &parameters, gradients: [0.5, 0.5], learningRate: 0.1)
        XCTAssertEqual(parameters[0], 0.89, accuracy: 1e-6)
        XCTAssertEqual(parameters[1], 0.9, accuracy: 1e-6)
        // Second step, g = −0.5: m = 0.9·0.05 − 0.05 = −0.005, v = 0.95·0.0125 + 0.0125 = 0.024375,
        // m̂ = −0.005/0.19, v̂ = 0.024375/0.0975 = 0.25 → step = 0.1·(−0.0263158)/0.5 = −0.00526316.
        optimizer.step(parameters: &parameters, gradients: [-0.5, -0.5], learningRate: 0.1)
        XCTAssertEqual(parameters[1], 0.9 + 0.00526316, accuracy: 1e-6)
        XCTAssertEqual(parameters[0], 0.89 * 0.99 + 0.00526316, accuracy: 1e-6)
    }

    func testClippingScalesToMaxNorm() {
        var gradients: [Float] = [3, 4]
        let norm = clipGradientNorm(&gradients, count: 2, maxNorm: 1)
        XCTAssertEqual(norm, 5, accuracy: 1e-9)
        XCTAssertEqual(gradients[0], 0.6, accuracy: 1e-5)
        XCTAssertEqual(gradients[1], 0.8, accuracy: 1e-5)
        var small: [Float] = [0.3, 0.4]
        XCTAssertEqual(clipGradientNorm(&small, count: 2, maxNorm: 1), 0.5, accuracy: 1e-7)
        XCTAssertEqual(small, [0.3, 0.4], "below the bound nothing changes")
    }

    func testJointClippingTreatsBuffersAsOneVector() {
        // ‖(3, 4) ∪ (12)‖ = 13: both buffers scale by 1/13, not each to its own norm.
        let backbone = FloatBuffer([3, 4]), head = FloatBuffer([12])
        XCTAssertEqual(clipGradientNorm([backbone, head], maxNorm: 1), 13, accuracy: 1e-9)
        XCTAssertEqual(backbone[0], 3 / 13, accuracy: 1e-6)
        XCTAssertEqual(backbone[1], 4 / 13, accuracy: 1e-6)
        XCTAssertEqual(head[0], 12 / 13, accuracy: 1e-6)
        let untouched = FloatBuffer([0.1])
        XCTAssertEqual(clipGradientNorm([untouched], maxNorm: 0), 0.1, accuracy: 1e-7, "maxNorm 0 disables clipping")
        XCTAssertEqual(untouched[0], 0.1)
    }

    func testWarmupThenCosine() {
        let schedule = LearningRateSchedule(peakRate: 1, minimumRate: 0.1, warmupSteps: 4, totalSteps: 14)
        XCTAssertEqual(schedule.rate(at: 0), 0.25, accuracy: 1e-6)
        XCTAssertEqual(schedule.rate(at: 3), 1, accuracy: 1e-6)
        XCTAssertEqual(schedule.rate(at: 4), 1, accuracy: 1e-6)
        XCTAssertEqual(schedule.rate(at: 9), 0.55, accuracy: 1e-6, "halfway through the cosine")
        XCTAssertEqual(schedule.rate(at: 14), 0.1, accuracy: 1e-6)
        XCTAssertEqual(schedule.rate(at: 100), 0.1, accuracy: 1e-6)
    }

    func testParallelChunksCoverEveryIndexOnce() {
        let count = 100_003
        var hits = [Int32](repeating: 0, count: count)
        hits.withUnsafeMutableBufferPointer { buffer in
            let pointer = buffer.baseAddress!
            Parallel.forEachChunk(count, costPerItem: 100) { range in
                for i in range { pointer[i] += 1 }
            }
        }
        XCTAssertTrue(hits.allSatisfy { $0 == 1 })
    }
}
