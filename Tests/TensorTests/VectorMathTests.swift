import Foundation
import XCTest
@testable import Tensor

final class VectorMathTests: XCTestCase {
    func testExpMatchesDoublePrecision() {
        let inputs: [Float] = [0, -1e-3, -0.3465, -0.5, -1, -3.3, -10, -40, -86.9, -87.5, -100, -1e30, 1e-3, 0.5, 1, 7.7, 40, 87.9, 88.5, 1e30]
        for start in stride(from: 0, to: inputs.count, by: 8) {
            let chunk = SIMD8<Float>((0..<8).map { inputs[min(start + $0, inputs.count - 1)] })
            let values = VectorMath.exp(chunk)
            for lane in 0..<8 where start + lane < inputs.count {
                let x = Double(inputs[start + lane]), exact = exp(min(max(x, -87), 88))
                XCTAssertEqual(Double(values[lane]), exact, accuracy: 3e-7 * exact, "e^\(x)")
            }
        }
    }

    func testTanhMatchesDoublePrecision() {
        var generator = Xoshiro256StarStar(seed: 4)
        for _ in 0..<200 {
            let lanes = SIMD8<Float>((0..<8).map { _ in Float(generator.nextNormal() * 3) })
            let values = VectorMath.tanh(lanes)
            for lane in 0..<8 {
                XCTAssertEqual(Double(values[lane]), tanh(Double(lanes[lane])), accuracy: 2e-7, "tanh(\(lanes[lane]))")
            }
        }
        let inputs = SIMD8<Float>(-1e30, -20, -9, 0, 1e-6, 9, 20, 1e30)
        let extremes = VectorMath.tanh(inputs)
        let expected: [Double] = [-1, -1, tanh(-9), 0, 1e-6, tanh(9), 1, 1]
        for lane in 0..<8 { XCTAssertEqual(Double(extremes[lane]), expected[lane], accuracy: 1e-7, "saturates; tanh(\(inputs[lane]))") }
        XCTAssertEqual(extremes[3], 0, "exact at 0")
    }
}
