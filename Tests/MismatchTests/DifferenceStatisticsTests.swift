import Foundation
import XCTest
@testable import Mismatch
@testable import Statistics

/// The statistics layer against numpy/scipy (Tests/Fixtures/generate/statistics_reference.py).
final class DifferenceStatisticsTests: XCTestCase {
    private func reference() throws -> [String: Any] {
        let url = MismatchFixtures.folder.deletingLastPathComponent().appendingPathComponent("statistics/statistics.json")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    func testPairedByPromptMatchesReference() throws {
        let r = try reference()
        let a = try XCTUnwrap(r["a"] as? [Double]), b = try XCTUnwrap(r["b"] as? [Double]), prompts = try XCTUnwrap(r["prompts"] as? [String])
        let expected = try XCTUnwrap(r["paired_by_prompt"] as? [String: Double])
        let d = try XCTUnwrap(Difference.paired(a, minus: b, prompts: prompts))
        XCTAssertEqual(d.method, .pairedByPrompt)
        XCTAssertEqual(d.units, 40)
        XCTAssertEqual(d.value, try XCTUnwrap(expected["value"]), accuracy: 1e-12)
        XCTAssertEqual(d.standardError, try XCTUnwrap(expected["se"]), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(d.z), d.value / d.standardError, accuracy: 1e-12)

        let bySample = try XCTUnwrap(Difference.paired(a, minus: b))
        let expectedSample = try XCTUnwrap(r["paired"] as? [String: Double])
        XCTAssertEqual(bySample.method, .paired)
        XCTAssertEqual(bySample.standardError, try XCTUnwrap(expectedSample["se"]), accuracy: 1e-12)
        // Samples of one prompt are not independent: the per-sample SE understates the per-prompt one here.
        XCTAssertNotEqual(bySample.standardError, d.standardError, accuracy: 1e-6)

        let mean = try XCTUnwrap(MeanAndError.byPrompt(a, prompts: prompts))
        let expectedMean = try XCTUnwrap(r["mean_by_prompt"] as? [String: Double])
        XCTAssertEqual(mean.mean, try XCTUnwrap(expectedMean["mean"]), accuracy: 1e-12)
        XCTAssertEqual(mean.standardError, try XCTUnwrap(expectedMean["se"]), accuracy: 1e-12)
    }

    func testIndependentAndDegenerateDifferences() throws {
        let d = try XCTUnwrap(Difference.independent(Estimate(value: 1.0, standardError: 0.3), minus: Estimate(value: 0.6, standardError: 0.4)))
        XCTAssertEqual(d.value, 0.4, accuracy: 1e-12)
        XCTAssertEqual(d.standardError, 0.5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(d.z), 0.8, accuracy: 1e-12)
        XCTAssertNil(Difference.independent(Estimate(value: 1), minus: Estimate(value: 0, standardError: 1)))
        XCTAssertNil(Difference.paired([1, 2], minus: [1]))
        XCTAssertNil(Difference.paired([1], minus: [0]))
        // Identical evaluations: a difference of 0 with SE 0 has no z.
        let same = try XCTUnwrap(Difference.paired([1, 2, 3], minus: [1, 2, 3]))
        XCTAssertNil(same.z)
    }

    func testStudentTAgainstScipy() throws {
        let r = try reference()
        for entry in try XCTUnwrap(r["t_quantiles"] as? [[String: Double]]) {
            let p = try XCTUnwrap(entry["p"]), df = try XCTUnwrap(entry["df"]), t = try XCTUnwrap(entry["t"])
            XCTAssertEqual(StudentT.quantile(p, degreesOfFreedom: df), t, accuracy: 1e-8 * max(1, abs(t)), "p \(p) df \(df)")
        }
        for entry in try XCTUnwrap(r["t_cdfs"] as? [[String: Double]]) {
            let t = try XCTUnwrap(entry["t"]), df = try XCTUnwrap(entry["df"])
            XCTAssertEqual(StudentT.cdf(t, degreesOfFreedom: df), try XCTUnwrap(entry["cdf"]), accuracy: 1e-12, "t \(t) df \(df)")
        }
    }

    func testSeedMeanIntervalAgainstScipy() throws {
        let r = try reference()
        for entry in try XCTUnwrap(r["seed_means"] as? [[String: Any]]) {
            let values = try XCTUnwrap(entry["values"] as? [Double])
            let mean = try XCTUnwrap(SeedMean(values))
            XCTAssertEqual(mean.mean, try XCTUnwrap(entry["mean"] as? Double), accuracy: 1e-12)
            XCTAssertEqual(try XCTUnwrap(mean.standardError), try XCTUnwrap(entry["se"] as? Double), accuracy: 1e-12)
            let interval = try XCTUnwrap(entry["interval_95"] as? [Double]), mine = try XCTUnwrap(mean.interval95)
            XCTAssertEqual(mine[0], interval[0], accuracy: 1e-9)
            XCTAssertEqual(mine[1], interval[1], accuracy: 1e-9)
        }
        // The first set (+0.074, +0.034, −0.013: a positive mean) has an interval reaching below 0: not met.
        XCTAssertFalse(try XCTUnwrap(SeedMean([0.074, 0.034, -0.013])).intervalAboveZero)
        XCTAssertTrue(try XCTUnwrap(SeedMean([0.05, 0.061, 0.055])).intervalAboveZero)
        // Two seeds: t(0.975, 1) = 12.7, so even two close positive values do not clear 0.
        XCTAssertFalse(try XCTUnwrap(SeedMean([0.05, 0.061])).intervalAboveZero)
        // One seed: a mean, no interval, never "above 0".
        let one = try XCTUnwrap(SeedMean([0.2]))
        XCTAssertNil(one.interval95)
        XCTAssertFalse(one.intervalAboveZero)
        XCTAssertNil(SeedMean([]))
    }

    func testTargetTestDirections() {
        let rise = Difference(value: 0.03, standardError: 0.01, method: .pairedByPrompt, units: 500)
        XCTAssertTrue(TargetTest(name: "rise", statement: "", difference: rise, direction: .atLeast, threshold: 2).met)
        XCTAssertFalse(TargetTest(name: "rise", statement: "", difference: rise, direction: .atLeast, threshold: 4).met)
        let fall = Difference(value: -0.061, standardError: 0.026, method: .pairedByPrompt, units: 586)
        let missed = TargetTest(name: "fall", statement: "", difference: fall, direction: .atMost, threshold: -3)
        XCTAssertFalse(missed.met)
        XCTAssertTrue(missed.line.hasPrefix("fall: MISSED, z = -2.3"), missed.line)
        XCTAssertTrue(TargetTest(name: "fall", statement: "", difference: fall, direction: .atMost, threshold: -2).met)
        let none = TargetTest(name: "rise", statement: "", difference: nil, direction: .atLeast, threshold: 2, unmeasured: "peak at step 0")
        XCTAssertFalse(none.met)
        XCTAssertEqual(none.unmeasured, "peak at step 0")
        XCTAssertTrue(none.line.contains("MISSED"))
    }

    func testWeightedRSquaredIsAboutTheWeightedMean() throws {
        // With weights, SS_tot uses the weighted mean: one heavily weighted point far from the others
        // moves the mean towards it.
        let d = [0.5, 1.0, 1.5, 2.0]
        let gains = [0.1, 0.15, 0.12, -0.3]
        let weights = [1.0, 1.0, 1.0, 50.0]
        let fit = try XCTUnwrap(OveroptimizationFit.fit(form: .bestOfN, d: d, gains: gains, weights: weights))
        let w = weights.reduce(0, +)
        let mean = zip(weights, gains).map { $0 * $1 }.reduce(0, +) / w
        var residual = 0.0, total = 0.0
        for i in d.indices {
            residual += weights[i] * pow(gains[i] - fit.value(d: d[i]), 2)
            total += weights[i] * pow(gains[i] - mean, 2)
        }
        XCTAssertEqual(try XCTUnwrap(fit.rSquared), 1 - residual / total, accuracy: 1e-12)
    }
}
