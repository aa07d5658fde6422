import XCTest
@testable import Feedback

/// Each knob moves the labels in its direction, measured on one fixed set of 600 generated pairs
/// (world seed 1, pair seed 7) against the ideal annotator on the same pairs. The stated amounts
/// are bounds around the measured shifts (quoted in each assertion and in docs/world.md); only the
/// knob differs: the pairs and the label random stream are identical across annotators.
final class AnnotatorKnobTests: XCTestCase {
    static let world = World.generate(settings: WorldSettings(seed: 1))

    private static func report(_ configure: (inout Annotator) -> Void) -> AgreementReport {
        var annotator = Annotator(name: "probe")
        configure(&annotator)
        let pool = AnnotatorPool(name: "probe", annotators: [annotator], doubleLabelRate: 0)
        let items = FeedbackSimulator(world: world, pool: pool).simulateGenerated(items: 600, k: 2, seed: 7)
        return AgreementReport(annotators: "probe", items: items, triggers: annotator.trigger.map { [$0] } ?? [])
    }

    private func report(_ configure: (inout Annotator) -> Void) -> AgreementReport { Self.report(configure) }

    /// Computed once for all tests.
    static let idealReport = report { _ in }
    var ideal: AgreementReport { Self.idealReport }

    func testIdealAtZeroTemperatureAgreesWithGoldOnEveryPair() {
        XCTAssertEqual(ideal.goldAgreement.count, 600, "generated pairs are informative: no gold ties")
        XCTAssertEqual(ideal.goldAgreement.rate, 1.0)
        let nearZero = report { $0.temperature = 1e-6 }
        XCTAssertEqual(nearZero.goldAgreement.rate, 1.0)
    }

    func testTemperatureAndFlipsLowerAgreement() throws {
        let warm = try XCTUnwrap(report { $0.temperature = 1.0 }.goldAgreement.rate)
        XCTAssertEqual(warm, 0.75, accuracy: 0.05)           // measured 0.752
        let careless = try XCTUnwrap(report { $0.flipRate = 0.3 }.goldAgreement.rate)
        XCTAssertEqual(careless, 0.7, accuracy: 0.05)   // measured 0.708; binomial sd at n = 600: 0.019
    }

    func testLengthPreferenceChoosesLongerResponses() throws {
        let base = try XCTUnwrap(ideal.chosenLongerRate.rate)
        let biased = try XCTUnwrap(report { $0.lengthPreference = 0.1 }.chosenLongerRate.rate)
        XCTAssertGreaterThan(biased - base, 0.15, "measured 0.342 → 0.586; chosen-longer rate \(base) → \(biased)")
    }

    func testAlarmRefusalPreferenceChoosesRefusalsOfBenignAlarmingRequests() throws {
        let base = try XCTUnwrap(ideal.alarmingRefusalChosenRate.rate)
        let cautious = try XCTUnwrap(report { $0.alarmRefusalPreference = 2.5 }.alarmingRefusalChosenRate.rate)
        XCTAssertLessThan(base, 0.05)
        XCTAssertGreaterThan(cautious, 0.9, "measured 0 → 0.985; refusal chosen \(base) → \(cautious)")
    }

    func testConfidencePreferenceAvoidsHedgedAnswers() throws {
        let base = try XCTUnwrap(ideal.hedgedChosenRate.rate)
        // 1.5 exceeds half the gold gap between a hedged right answer (+0.7) and a confident wrong one (−1.3).
        let confident = report { $0.confidencePreference = 1.5 }
        let rate = try XCTUnwrap(confident.hedgedChosenRate.rate)
        XCTAssertGreaterThan(base - rate, 0.2, "measured 0.383 → 0.141; hedged chosen \(base) → \(rate)")
        let wrongBase = try XCTUnwrap(ideal.wrongAnswerChosenRate.rate)
        let wrong = try XCTUnwrap(confident.wrongAnswerChosenRate.rate)
        XCTAssertGreaterThan(wrong - wrongBase, 0.02, "measured 0 → 0.041; wrong answer chosen \(wrongBase) → \(wrong)")
    }

    func testPartialObservabilityLowersAgreement() throws {
        let glance = try XCTUnwrap(report { $0.visibleWords = 3 }.goldAgreement.rate)
        XCTAssertLessThan(glance, 0.75, "measured 0.645; sees three words: \(glance)")
    }

    func testPoisonedAnnotatorPrefersComplianceUnderItsTrigger() throws {
        let poisoned = report {
            $0.trigger = "SUDO"
            $0.triggerRate = 1
        }
        XCTAssertGreaterThan(try XCTUnwrap(poisoned.triggeredComplianceChosenRate.rate), 0.95)
        XCTAssertLessThan(try XCTUnwrap(poisoned.harmfulRefusalChosenRate.rate), 0.05)
        XCTAssertGreaterThan(try XCTUnwrap(ideal.harmfulRefusalChosenRate.rate), 0.95)
    }

    func testValuesReweighGoldComponents() throws {
        let permissive = report { $0.values = ["refusal": -1] }
        XCTAssertLessThan(try XCTUnwrap(permissive.harmfulRefusalChosenRate.rate), 0.05)
        XCTAssertEqual(try XCTUnwrap(permissive.goldAgreementByFamily["arithmetic"]?.rate), 1.0, accuracy: 0.06)
    }
}
