import Foundation
import XCTest
@testable import Mismatch

/// Curves and fits on the synthetic runs, against numpy's weighted least squares
/// (Tests/Fixtures/generate/mismatch_reference.py).
final class OveroptimizationCurveTests: XCTestCase {
    func compareFits(_ fits: RewardFits?, _ expected: [String: Any], run: String, reward: String) throws {
        let fits = try XCTUnwrap(fits, "\(run) \(reward)")
        XCTAssertTrue(fits.weighted, "every fixture point has an SE")
        for form in [OveroptimizationForm.bestOfN, .reinforcement] {
            let reference = try XCTUnwrap(expected[form.rawValue] as? [String: Any])
            let fit = try XCTUnwrap(fits.fit(form))
            let message = "\(run) \(reward) \(form.rawValue)"
            XCTAssertEqual(fit.alpha, try XCTUnwrap(reference["alpha"] as? Double), accuracy: 1e-9, message)
            XCTAssertEqual(fit.beta, try XCTUnwrap(reference["beta"] as? Double), accuracy: 1e-9, message)
            XCTAssertEqual(try XCTUnwrap(fit.rSquared), try XCTUnwrap(reference["r_squared"] as? Double), accuracy: 1e-9, message)
            if let peak = reference["peak_d"] as? Double {
                XCTAssertEqual(try XCTUnwrap(fit.peakD, message), peak, accuracy: 1e-6 * max(1, peak), message)
            } else {
                XCTAssertNil(fit.peakD, message)
            }
        }
    }

    func testFitsAndPeaksMatchTheReference() throws {
        for name in MismatchFixtures.onlineRuns + ["bon-single"] {
            let run = try RunRecord.read(MismatchFixtures.run(name))
            let curve = OveroptimizationCurve.extract(from: run)
            let expected = try MismatchFixtures.expected(name)
            XCTAssertEqual(curve.points.count, run.evaluations.count)
            XCTAssertEqual(curve.form, name.hasPrefix("bon") ? .bestOfN : .reinforcement)
            try compareFits(curve.proxyFits, try XCTUnwrap(expected["proxy"] as? [String: Any]), run: name, reward: "proxy")
            try compareFits(curve.goldFits, try XCTUnwrap(expected["gold"] as? [String: Any]), run: name, reward: "gold")
            let peak = try XCTUnwrap(curve.goldPeak)
            let peakPosition = try XCTUnwrap(expected["gold_peak_index"] as? Int)
            XCTAssertEqual(peak.peak.index, run.evaluations[peakPosition].index, name)
            XCTAssertEqual(peak.endMinusPeak.value, try XCTUnwrap(expected["gold_end_minus_peak"] as? Double), accuracy: 1e-12, name)
        }
    }

    func testTheSingleRewardModelRunPeaksEarlyAndFalls() throws {
        let curve = OveroptimizationCurve.extract(from: try RunRecord.read(MismatchFixtures.run("rloo-single-s0")))
        // The generator's gold is d(0.3 − 0.5 log d): peak at d* = e^(0.3/0.5 − 1) ≈ 0.67, KL ≈ 0.45.
        let rl = try XCTUnwrap(curve.goldFits?.reinforcement)
        XCTAssertEqual(rl.alpha, 0.3, accuracy: 0.03)
        XCTAssertEqual(rl.beta, 0.5, accuracy: 0.03)
        XCTAssertEqual(try XCTUnwrap(rl.peakKL), 0.45, accuracy: 0.1)
        let peak = try XCTUnwrap(curve.goldPeak)
        XCTAssertLessThan(peak.peak.kl, 1)
        XCTAssertEqual(peak.standardErrorMethod, .independent)
        // Independent SE: √(0.047² + 0.047²).
        XCTAssertEqual(try XCTUnwrap(peak.endMinusPeak.standardError), (2 * 0.047 * 0.047).squareRoot(), accuracy: 1e-12)
        XCTAssertLessThan(try XCTUnwrap(peak.endMinusPeakInStandardErrors), -3)
        // The fitted reward for plotting: the reference's gold plus the fitted gain.
        let start = try XCTUnwrap(curve.points.first?.gold?.value)
        XCTAssertEqual(try XCTUnwrap(curve.fittedReward(.gold, form: .reinforcement, d: 0.8)), start + rl.value(d: 0.8), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(curve.fittedReward(.proxy, form: .bestOfN, d: 0)), curve.points[0].proxy.value, accuracy: 1e-12)
        // The proxy keeps rising: it ends within noise of its highest point.
        XCTAssertLessThan(abs(try XCTUnwrap(curve.proxyPeak?.endMinusPeakInStandardErrors)), 1)
        XCTAssertGreaterThan(try XCTUnwrap(curve.proxyPeak?.peak.kl), 1.5)
    }

    func testAPeakBeyondDoubleRangeIsNoPeak() throws {
        // RL peak e^(α/β − 1): e^349 still has a finite d*² (peak KL); e^399 would overflow it.
        XCTAssertNotNil(OveroptimizationFit.peak(form: .reinforcement, alpha: 350, beta: 1))
        XCTAssertNil(OveroptimizationFit.peak(form: .reinforcement, alpha: 400, beta: 1))
        let d = [0.5, 1, 1.5, 2], gains = d.map { $0 * (400 - log($0)) }
        let fit = try XCTUnwrap(OveroptimizationFit.fit(form: .reinforcement, d: d, gains: gains))
        XCTAssertNil(fit.peakKL)
        XCTAssertNoThrow(try JSONEncoder().encode(fit))
    }

    /// An online run that kept its evaluation samples gets the paired SE of end − peak.
    func testOnlineRunUsesItsEvaluationSamplesForThePairedDrop() throws {
        let folder = try TemporaryFolder()
        let run = folder.url.appendingPathComponent("rloo-single-s0")
        try FileManager.default.copyItem(at: MismatchFixtures.run("rloo-single-s0"), to: run)
        let record = try RunRecord.read(run)
        let peakStep = try XCTUnwrap(OveroptimizationCurve.extract(from: record).goldPeak?.peak.index)
        let lastStep = try XCTUnwrap(record.evaluations.last?.index)
        // Four samples: differences end − peak = −0.1, −0.3, −0.2, −0.2 → mean −0.2, sd √(0.02/3), SE sd/2.
        let peakGold = [0.5, 0.1, -0.2, 0.4], endGold = [0.4, -0.2, -0.4, 0.2]
        try FileManager.default.createDirectory(at: run.appendingPathComponent("evaluations"), withIntermediateDirectories: true)
        for (step, gold) in [(peakStep, peakGold), (lastStep, endGold)] {
            let lines = gold.enumerated().map { "{\"sample\":\($0.offset),\"gold_reward\":\($0.element),\"prompt\":\"p\($0.offset)\"}" }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: run.appendingPathComponent("evaluations/step-\(step).jsonl"))
        }
        let peak = try XCTUnwrap(OveroptimizationCurve.extract(from: try RunRecord.read(run)).goldPeak)
        XCTAssertEqual(peak.standardErrorMethod, .paired)
        XCTAssertEqual(try XCTUnwrap(peak.endMinusPeak.standardError), (0.02 / 3).squareRoot() / 2, accuracy: 1e-12)
        // Samples of one prompt count as one unit: with prompts p0, p0, p1, p1 the per-prompt differences are
        // −0.2 and −0.2, so the paired SE is 0 (the per-sample SE would not be).
        for (step, gold) in [(peakStep, peakGold), (lastStep, endGold)] {
            let lines = gold.enumerated().map { "{\"sample\":\($0.offset),\"gold_reward\":\($0.element),\"prompt\":\"p\($0.offset / 2)\"}" }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: run.appendingPathComponent("evaluations/step-\(step).jsonl"))
        }
        let byPrompt = try XCTUnwrap(OveroptimizationCurve.extract(from: try RunRecord.read(run)).goldPeak)
        XCTAssertEqual(try XCTUnwrap(byPrompt.endMinusPeak.standardError), 0, accuracy: 1e-12)
        // A broken sample file is an error naming its line.
        try Data("{\"sample\":0,\"gold_reward\":1}\nnot json\n".utf8).write(to: run.appendingPathComponent("evaluations/step-\(lastStep).jsonl"))
        XCTAssertThrowsError(try RunRecord.read(run)) { error in
            guard case MismatchError.malformedJSON(_, let line, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 2)
        }
        // The alarm's reading skips the samples: no paired drop, and the broken file is not read.
        XCTAssertNil(try RunRecord.readTraining(run).pairedGoldDrop)
    }

    func testBestOfNUsesThePairedDrop() throws {
        let curve = OveroptimizationCurve.extract(from: try RunRecord.read(MismatchFixtures.run("bon-single")))
        let peak = try XCTUnwrap(curve.goldPeak)
        XCTAssertEqual(peak.peak.index, 16)
        XCTAssertEqual(peak.standardErrorMethod, .paired)
        XCTAssertEqual(peak.endMinusPeak.standardError, 0.021)
        XCTAssertEqual(try XCTUnwrap(peak.endMinusPeakInStandardErrors), peak.endMinusPeak.value / 0.021, accuracy: 1e-12)
    }

    func testNoGoldMeansNoGoldFitAndUnweightedFitsWithoutErrors() throws {
        let points = (0...6).map { step -> EvaluationPoint in
            let kl = 0.1 * Double(step), d = kl.squareRoot()
            return EvaluationPoint(index: step, kl: kl, metrics: [MetricName.proxyReward: Estimate(value: d * (0.5 - 0.2 * log(max(d, 1e-9))))], line: step + 1)
        }
        let settings = RunSettings(kind: .online, method: "rloo", rewards: [])
        let run = RunRecord(url: URL(fileURLWithPath: "/x"), name: "x", settings: settings, trainingRows: [], evaluations: points, pairedGoldDrop: nil)
        let curve = OveroptimizationCurve.extract(from: run)
        XCTAssertNil(curve.goldFits)
        XCTAssertNil(curve.goldPeak)
        let fits = try XCTUnwrap(curve.proxyFits)
        XCTAssertFalse(fits.weighted)
        XCTAssertEqual(try XCTUnwrap(fits.reinforcement).alpha, 0.5, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(fits.reinforcement).beta, 0.2, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(fits.reinforcement).points, 6, "the point at d = 0 is left out")
        // A curve that peaks at its end: the difference is exactly 0, not √2·SE.
        XCTAssertEqual(curve.proxyPeak?.standardErrorMethod, .samePoint)
        XCTAssertEqual(curve.proxyPeak?.endMinusPeak, Estimate(value: 0, standardError: 0))
        XCTAssertNil(curve.proxyPeak?.endMinusPeakInStandardErrors)
    }
}
