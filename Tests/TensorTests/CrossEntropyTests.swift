import Foundation
import XCTest
@testable import Tensor

final class CrossEntropyTests: XCTestCase {
    func testHandComputedLossWithMask() {
        // Row 0: logits (0, 0, 0), target 2 -> log 3. Row 1: (0, ln 3, 0), target 1 -> p = 3/5, loss log(5/3).
        // Row 2 is masked and must contribute nothing, however large its loss would be.
        let logits: [Float] = [0, 0, 0, 0, log(3), 0, 100, 0, 0]
        let targets: [Int32] = [2, 1, 2]
        let mask: [Float] = [1, 1, 0]
        var dlogits = [Float](repeating: 0, count: 9), losses = [Float](repeating: 0, count: 3)
        let loss = crossEntropyForwardBackward(dlogits: &dlogits, rowLosses: &losses, logits: logits, targets: targets, mask: mask, N: 3, V: 3)
        XCTAssertEqual(loss, Float((log(3.0) + log(5.0 / 3.0)) / 2), accuracy: 1e-6)
        XCTAssertEqual(losses[2], 0)
        // d/dlogits of the mean = (softmax − onehot)/2 on unmasked rows, 0 on masked rows.
        XCTAssertEqual(dlogits[0], (1.0 / 3) / 2, accuracy: 1e-6)
        XCTAssertEqual(dlogits[2], (1.0 / 3 - 1) / 2, accuracy: 1e-6)
        XCTAssertEqual(dlogits[4], (0.6 - 1) / 2, accuracy: 1e-6)
        XCTAssertEqual(Array(dlogits[6..<9]), [0, 0, 0])
    }

    func testGradientMatchesFiniteDifferences() {
        let N = 4, V = 7
        let logits = GradientCheck.randomValues(N * V, seed: 21, scale: 2)
        let targets: [Int32] = [3, 0, 6, 2]
        let mask: [Float] = [1, 0, 1, 0.5]
        var rowLosses = [Float](repeating: 0, count: N)
        func loss(_ x: [Float]) -> [Float] {
            var scratch = [Float](repeating: 0, count: N * V)
            return [crossEntropyForwardBackward(dlogits: &scratch, rowLosses: &rowLosses, logits: x, targets: targets, mask: mask, N: N, V: V)]
        }
        GradientCheck.check(inputs: logits, outputWeights: [1], forward: loss, backward: { x, _ in
            var d = [Float](repeating: 0, count: N * V)
            _ = crossEntropyForwardBackward(dlogits: &d, rowLosses: &rowLosses, logits: x, targets: targets, mask: mask, N: N, V: V)
            return d
        })
    }

    func testInPlaceGradientEqualsSeparateBuffer() {
        let N = 3, V = 5
        let logits = GradientCheck.randomValues(N * V, seed: 22)
        let targets: [Int32] = [4, 1, 0]
        var separate = [Float](repeating: 0, count: N * V), losses = [Float](repeating: 0, count: N)
        let lossSeparate = crossEntropyForwardBackward(dlogits: &separate, rowLosses: &losses, logits: logits, targets: targets, mask: nil, N: N, V: V)
        var inPlace = logits
        let lossInPlace = inPlace.withUnsafeMutableBufferPointer { buffer in
            crossEntropyForwardBackward(dlogits: buffer.baseAddress!, rowLosses: &losses, logits: buffer.baseAddress!, targets: targets, mask: nil, N: N, V: V)
        }
        XCTAssertEqual(lossSeparate, lossInPlace)
        XCTAssertEqual(separate, inPlace)
    }

    func testTokenLogProbabilitiesAreLogSoftmax() {
        let logits: [Float] = [1, 2, 3, 0, 0, 0]
        var out = [Float](repeating: 0, count: 2)
        tokenLogProbabilities(out: &out, logits: logits, targets: [2, 0], N: 2, V: 3)
        let expected0 = 3 - log(exp(1.0) + exp(2.0) + exp(3.0))
        XCTAssertEqual(out[0], Float(expected0), accuracy: 1e-6)
        XCTAssertEqual(out[1], Float(-log(3.0)), accuracy: 1e-6)
    }

    /// The eight-lane exponential behind the per-row log-normalizer, against Double arithmetic.
    func testSoftmaxStatisticsMatchDoublePrecision() {
        var generator = Xoshiro256StarStar(seed: 8)
        for (count, spread) in [(1, 1.0), (7, 5.0), (8, 0.1), (29, 40.0), (8192, 3.0), (50257, 12.0), (100, 300.0)] {
            let row = (0..<count).map { _ in Float(generator.nextNormal() * spread) }
            let (argmax, maxValue, sum) = row.withUnsafeBufferPointer { softmaxStatistics($0.baseAddress!, V: count) }
            let logSumExp = maxValue + logf(sum)
            XCTAssertEqual(argmax, row.indices.max { row[$0] < row[$1] })
            XCTAssertEqual(maxValue, row.max())
            let exact = Double(maxValue) + log(row.reduce(0.0) { $0 + exp(Double($1) - Double(maxValue)) })
            XCTAssertEqual(Double(logSumExp), exact, accuracy: 2e-6 * max(1, abs(exact)), "V \(count), spread \(spread)")
        }
    }
}
