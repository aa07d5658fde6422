import XCTest
@testable import Tensor

/// Central finite differences of the scalar L = Σ out ⊙ weights against an analytic backward.
/// Float32 differences with step 1e-2 are accurate to ~1e-3 relative on these smooth kernels, so the
/// tolerance below separates a right gradient from a wrong one (a wrong sign or factor is off by ≥ 50%).
struct GradientCheck {
    static let step: Float = 1e-2
    static let tolerance: Float = 2e-2

    /// `forward(inputs)` returns the output; `backward(inputs, dout)` returns d L / d inputs.
    static func check(
        inputs: [Float], outputWeights: [Float],
        forward: ([Float]) -> [Float], backward: ([Float], [Float]) -> [Float],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let analytic = backward(inputs, outputWeights)
        XCTAssertEqual(analytic.count, inputs.count, file: file, line: line)
        var worst: Float = 0
        for i in 0..<inputs.count {
            var plus = inputs, minus = inputs
            plus[i] += step
            minus[i] -= step
            let lossPlus = zip(forward(plus), outputWeights).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            let lossMinus = zip(forward(minus), outputWeights).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            let numeric = (lossPlus - lossMinus) / (2 * step)
            let error = abs(numeric - analytic[i]) / max(1, abs(numeric))
            worst = max(worst, error)
            if error > tolerance {
                XCTFail("gradient \(i): analytic \(analytic[i]) vs numeric \(numeric)", file: file, line: line)
                return
            }
        }
        XCTAssertLessThan(worst, tolerance, file: file, line: line)
    }

    static func randomValues(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var generator = Xoshiro256StarStar(seed: seed)
        return (0..<count).map { _ in Float(generator.nextNormal()) * scale }
    }
}

extension Array where Element == Float {
    /// Runs `body` with a mutable pointer to a copy and returns the copy.
    func mutated(_ body: (UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        var copy = self
        copy.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        return copy
    }
}
