import Foundation
import XCTest
@testable import Mismatch

final class OveroptimizationFitTests: XCTestCase {
    let d = stride(from: 0.1, through: 3.0, by: 0.1).map { $0 }

    func testRecoversBestOfNCoefficientsAndPeak() throws {
        let gains = d.map { $0 * (0.8 - 0.25 * $0) }
        let fit = try XCTUnwrap(OveroptimizationFit.fit(form: .bestOfN, d: d, gains: gains))
        XCTAssertEqual(fit.alpha, 0.8, accuracy: 1e-10)
        XCTAssertEqual(fit.beta, 0.25, accuracy: 1e-10)
        XCTAssertEqual(try XCTUnwrap(fit.rSquared), 1, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(fit.peakD), 1.6, accuracy: 1e-9)  // α/(2β)
        XCTAssertEqual(try XCTUnwrap(fit.peakKL), 2.56, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(fit.peakGain), 0.64, accuracy: 1e-9)  // α²/(4β)
    }

    func testRecoversRLCoefficientsUnderNoise() throws {
        // R = d(0.5 − 0.3 log d) plus seeded noise of sd 0.01: the estimates stay close, R² high.
        var state: UInt64 = 42
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) / Double(1 << 53) - 0.5) * 0.0346  // uniform, sd 0.01
        }
        let gains = d.map { $0 * (0.5 - 0.3 * log($0)) + noise() }
        let fit = try XCTUnwrap(OveroptimizationFit.fit(form: .reinforcement, d: d, gains: gains))
        XCTAssertEqual(fit.alpha, 0.5, accuracy: 0.02)
        XCTAssertEqual(fit.beta, 0.3, accuracy: 0.02)
        XCTAssertGreaterThan(try XCTUnwrap(fit.rSquared), 0.95)
        // Peak e^(α/β − 1) = e^(2/3) ≈ 1.948.
        XCTAssertEqual(try XCTUnwrap(fit.peakD), exp(0.5 / 0.3 - 1), accuracy: 0.15)
    }

    func testWeightsDownweightOutliers() throws {
        var gains = d.map { $0 * (0.8 - 0.25 * $0) }
        gains[5] += 5
        var weights = [Double](repeating: 1, count: d.count)
        weights[5] = 1e-9
        let fit = try XCTUnwrap(OveroptimizationFit.fit(form: .bestOfN, d: d, gains: gains, weights: weights))
        XCTAssertEqual(fit.alpha, 0.8, accuracy: 1e-6)
        let unweighted = try XCTUnwrap(OveroptimizationFit.fit(form: .bestOfN, d: d, gains: gains))
        XCTAssertGreaterThan(abs(unweighted.alpha - 0.8), 0.05)
    }

    func testNoPeakForMonotoneCurvesAndNoFitForDegenerateInput() throws {
        let rising = try XCTUnwrap(OveroptimizationFit.fit(form: .bestOfN, d: d, gains: d.map { 0.5 * $0 + 0.1 * $0 * $0 }))
        XCTAssertLessThan(rising.beta, 0)
        XCTAssertNil(rising.peakD)
        XCTAssertNil(OveroptimizationFit.fit(form: .bestOfN, d: [1], gains: [1]))
        XCTAssertNil(OveroptimizationFit.fit(form: .reinforcement, d: [1, 1, 1], gains: [1, 2, 3]))
        XCTAssertNil(OveroptimizationFit.fit(form: .bestOfN, d: [1, 2], gains: [1]))
    }
}
