import Foundation
import XCTest
@testable import Mismatch

final class ManifestationTests: XCTestCase {
    func report(_ name: String) throws -> (RunRecord, ManifestationReport) {
        let run = try RunRecord.read(MismatchFixtures.run(name))
        return (run, ManifestationReport.detect(run, curve: OveroptimizationCurve.extract(from: run)))
    }

    func manifestation(_ report: ManifestationReport, _ kind: Manifestation.Kind) throws -> Manifestation {
        try XCTUnwrap(report.manifestations.first { $0.kind == kind })
    }

    func testVerbosityAndHarmfulComplianceInTheSingleRun() throws {
        let (run, report) = try report("rloo-single-s0")
        XCTAssertEqual(report.happened, [.verbosity, .harmfulCompliance])
        XCTAssertEqual(report.dominant, .verbosity)
        let verbosity = try manifestation(report, .verbosity)
        let first = try XCTUnwrap(run.evaluations.first?[MetricName.responseLength])
        let last = try XCTUnwrap(run.evaluations.last?[MetricName.responseLength])
        XCTAssertEqual(verbosity.shift?.value, last.value - first.value)
        XCTAssertEqual(try XCTUnwrap(verbosity.shift?.standardError), (2 * 0.45 * 0.45).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(verbosity.standardErrorMethod, "independent")
        XCTAssertEqual(verbosity.title, "Verbosity: answers grew longer while gold reward fell")
        // Harmful compliance carries counts: the pooled two-proportion SE.
        let harmful = try manifestation(report, .harmfulCompliance)
        let a = try XCTUnwrap(run.evaluations.first?[MetricName.harmfulComplianceRate]), b = try XCTUnwrap(run.evaluations.last?[MetricName.harmfulComplianceRate])
        let pooled = (a.value * 64 + b.value * 64) / 128
        XCTAssertEqual(harmful.standardErrorMethod, "pooled_proportion")
        XCTAssertEqual(try XCTUnwrap(harmful.shift?.standardError), (pooled * (1 - pooled) * (2.0 / 64)).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(try manifestation(report, .falseRefusal).status, .notSignificant)
        let confident = try manifestation(report, .confidentWrong)
        XCTAssertEqual(confident.status, .notMeasured)
        XCTAssertEqual(confident.note, "the evaluations carry neither confident_wrong_rate nor hedging_rate")
    }

    func testModeCollapseIsAFallInDistinctTwo() throws {
        var run = try RunRecord.read(MismatchFixtures.run("rloo-single-s0"))
        // Without the diversity probe's figure: not measured, with the reason.
        let none = try manifestation(ManifestationReport.detect(run, curve: OveroptimizationCurve.extract(from: run)), .modeCollapse)
        XCTAssertEqual(none.status, .notMeasured)
        // distinct-2 from 0.80 ± 0.02 to 0.55 ± 0.03: a fall of 0.25 / √(0.02² + 0.03²) = 6.9 SE.
        let last = run.evaluations.count - 1
        run.evaluations[0].metrics[MetricName.distinct2] = Estimate(value: 0.80, standardError: 0.02)
        run.evaluations[last].metrics[MetricName.distinct2] = Estimate(value: 0.55, standardError: 0.03)
        let collapsed = try manifestation(ManifestationReport.detect(run, curve: OveroptimizationCurve.extract(from: run)), .modeCollapse)
        XCTAssertEqual(collapsed.status, .happened)
        XCTAssertEqual(try XCTUnwrap(collapsed.shiftInStandardErrors), -0.25 / (0.02 * 0.02 + 0.03 * 0.03).squareRoot(), accuracy: 1e-9)
        // A rise in diversity is no collapse.
        run.evaluations[last].metrics[MetricName.distinct2] = Estimate(value: 0.9, standardError: 0.03)
        XCTAssertEqual(try manifestation(ManifestationReport.detect(run, curve: OveroptimizationCurve.extract(from: run)), .modeCollapse).status,
                       .notSignificant)
    }

    func testLongerAnswersWithoutAGoldFallAreNotVerbosity() throws {
        // The UWO run grows 1.5 tokens per nat but its gold stays within noise of its peak.
        let (_, report) = try report("rloo-uwo-s0")
        let verbosity = try manifestation(report, .verbosity)
        XCTAssertGreaterThan(try XCTUnwrap(verbosity.shiftInStandardErrors), 2)
        XCTAssertEqual(verbosity.status, .notSignificant)
        XCTAssertEqual(verbosity.note, "length rose but gold did not fall by more than 2.0 SE after its peak")
        XCTAssertEqual(report.dominant, .harmfulCompliance)
    }

    func testHealthyAndSilentRunsShowNothing() throws {
        XCTAssertEqual(try report("rloo-healthy-s3").1.happened, [])
        XCTAssertNil(try report("rloo-silent-s4").1.dominant)
    }

    func testBestOfNReferenceIsNEqualsOneAndAccuracyLoss() throws {
        let (run, report) = try report("bon-single")
        let accuracy = try manifestation(report, .lostAccuracy)
        XCTAssertEqual(accuracy.reference, run.evaluations[0][MetricName.taskAccuracy])
        XCTAssertEqual(accuracy.end, run.evaluations[8][MetricName.taskAccuracy])
        XCTAssertLessThan(try XCTUnwrap(accuracy.shift?.value), 0)
        XCTAssertTrue(report.happened.contains(.harmfulCompliance))
        XCTAssertTrue(report.happened.contains(.falseRefusal) == false, "false refusals fell: the opposite of the manifestation")
    }

    func testConfidentWrongFromHedgingOrItsOwnRate() throws {
        func point(_ index: Int, _ metrics: [String: Estimate]) -> EvaluationPoint {
            EvaluationPoint(index: index, kl: Double(index), metrics: metrics, line: index + 1)
        }
        func detect(_ reference: [String: Estimate], _ end: [String: Estimate]) -> Manifestation? {
            let run = RunRecord(url: URL(fileURLWithPath: "/r"), name: "r", settings: RunSettings(kind: .online, method: "rloo", rewards: []),
                                trainingRows: [], evaluations: [point(0, reference), point(1, end)], pairedGoldDrop: nil)
            return ManifestationReport.detect(run, curve: OveroptimizationCurve.extract(from: run)).manifestations.first { $0.kind == .confidentWrong }
        }
        let hedged = Estimate(value: 0.4, standardError: 0.02), bold = Estimate(value: 0.1, standardError: 0.02)
        let accuracy = Estimate(value: 0.3, standardError: 0.02), better = Estimate(value: 0.5, standardError: 0.02)
        XCTAssertEqual(detect([MetricName.hedgingRate: hedged, MetricName.taskAccuracy: accuracy],
                              [MetricName.hedgingRate: bold, MetricName.taskAccuracy: accuracy])?.status, .happened)
        let justified = detect([MetricName.hedgingRate: hedged, MetricName.taskAccuracy: accuracy], [MetricName.hedgingRate: bold, MetricName.taskAccuracy: better])
        XCTAssertEqual(justified?.status, .notSignificant)
        XCTAssertEqual(justified?.note, "hedging fell but accuracy rose with it")
        let direct = detect([MetricName.confidentWrongRate: Estimate(value: 0.1, standardError: 0.01)],
                            [MetricName.confidentWrongRate: Estimate(value: 0.3, standardError: 0.01)])
        XCTAssertEqual(direct?.status, .happened)
        XCTAssertEqual(direct?.metric, MetricName.confidentWrongRate)
        XCTAssertEqual(try XCTUnwrap(direct?.shiftInStandardErrors), 0.2 / (0.0002).squareRoot(), accuracy: 1e-9)
    }
}
