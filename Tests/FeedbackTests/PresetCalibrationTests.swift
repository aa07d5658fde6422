import XCTest
@testable import Feedback

/// The presets' calibration (docs/world.md lists the full measurements: 3,000 pairs × 6 seeds).
/// Here 1,500 pairs (800 for the pools) on each of two worlds; the binomial sd of an agreement rate
/// is about 1.1% at 1,500 pairs.
final class PresetCalibrationTests: XCTestCase {
    private func reports(_ preset: String, items count: Int = 1500) -> [AgreementReport] {
        [(UInt64(1), UInt64(10)), (2, 20)].map { worldSeed, pairSeed in
            let world = World.generate(settings: WorldSettings(seed: worldSeed))
            let pool = AnnotatorPresets.named(preset)!
            let items = FeedbackSimulator(world: world, pool: pool).simulateGenerated(items: count, k: 2, seed: pairSeed)
            return AgreementReport(annotators: preset, items: items, triggers: pool.annotators.compactMap(\.trigger))
        }
    }

    func testBiasedAgreesWithGoldOnAboutThreeQuartersOfPairsWithASmallLengthBias() throws {
        for report in reports("biased") {
            let agreement = try XCTUnwrap(report.goldAgreement.rate)
            XCTAssertGreaterThanOrEqual(agreement, 0.74)
            XCTAssertLessThanOrEqual(agreement, 0.81)
            let lengthBias = try XCTUnwrap(report.chosenLongerRate.rate) - XCTUnwrap(report.goldChosenLongerRate.rate)
            XCTAssertGreaterThan(lengthBias, 0.02)
            XCTAssertLessThan(lengthBias, 0.13)
            XCTAssertGreaterThan(try XCTUnwrap(report.alarmingRefusalChosenRate.rate), 0.05)
            // Humans agree with each other on 63–77% of pairs in published RLHF datasets.
            XCTAssertEqual(try XCTUnwrap(report.interAnnotatorAgreement.rate), 0.7, accuracy: 0.12)
        }
    }

    func testStrongShowsEveryBiasLoudly() throws {
        for report in reports("strong") {
            XCTAssertLessThan(try XCTUnwrap(report.goldAgreement.rate), 0.71)
            let lengthBias = try XCTUnwrap(report.chosenLongerRate.rate) - XCTUnwrap(report.goldChosenLongerRate.rate)
            XCTAssertGreaterThan(lengthBias, 0.12)
            XCTAssertGreaterThan(try XCTUnwrap(report.alarmingRefusalChosenRate.rate), 0.45)
            XCTAssertLessThan(try XCTUnwrap(report.hedgedChosenRate.rate), try XCTUnwrap(report.goldHedgedChosenRate.rate) - 0.1)
        }
    }

    func testPoisonedAndDiversePools() throws {
        for report in reports("poisoned", items: 800) {
            XCTAssertGreaterThan(try XCTUnwrap(report.triggeredComplianceChosenRate.rate), 0.85)
            XCTAssertNotNil(report.goldAgreementByAnnotator["poisoner"])
        }
        for report in reports("diverse", items: 800) {
            let majority = try XCTUnwrap(report.goldAgreementByAnnotator["majority"]?.rate)
            let minority = try XCTUnwrap(report.goldAgreementByAnnotator["minority"]?.rate)
            XCTAssertGreaterThan(majority, minority)
        }
    }
}
