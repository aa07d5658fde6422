import Foundation
import XCTest
@testable import Mismatch
@testable import Pipeline

/// The demo's verdict logic on made-up differences: every target can print MET and MISSED.
final class DemoTargetTests: XCTestCase {
    private func difference(_ value: Double, _ se: Double) -> Difference {
        Difference(value: value, standardError: se, method: .pairedByPrompt, units: 586)
    }

    private func targets(rise: Double = 0.04, fall: Double = -0.08, proxy: Double = 0.3, bestOfN: Double? = -0.06,
                         se: Double = 0.01, peakIsStart: Bool = false) -> DemoSeedTargets {
        DemoSeedTargets(peakMinusStart: difference(rise, se), endMinusPeak: difference(fall, se), proxyEndMinusPeak: difference(proxy, se),
                        bestOfNDrop: bestOfN.map { difference($0, 0.02) }, bestOfNUnmeasured: bestOfN == nil ? "best n is N" : nil,
                        peakIsStart: peakIsStart)
    }

    func testEveryTargetMet() {
        let t = targets()
        XCTAssertTrue(t.rise.met)
        XCTAssertTrue(t.fall.met)
        XCTAssertTrue(t.proxyRises.met)
        XCTAssertTrue(t.bestOfN.met)
        XCTAssertTrue(t.ceiling)
        XCTAssertTrue(t.all.allSatisfy { $0.line.contains("MET") && !$0.line.contains("MISSED") })
    }

    func testRiseMissedBelowTwoSE() {
        // +0.019 ± 0.01: z 1.9, a positive but not significant rise (the old target counted any rise).
        let t = targets(rise: 0.019)
        XCTAssertFalse(t.rise.met)
        XCTAssertFalse(t.ceiling)
        XCTAssertTrue(t.rise.line.hasPrefix("rise: MISSED, z = +1.9"), t.rise.line)
    }

    func testRiseMissedWhenThePeakIsTheStart() {
        let t = targets(peakIsStart: true)
        XCTAssertFalse(t.rise.met)
        XCTAssertNotNil(t.rise.unmeasured)
    }

    func testFallNeedsThreeSEOfTheDifference() {
        // −2.3 SE of the difference: the drop that the old target (SE of the end alone) called MET.
        XCTAssertFalse(targets(fall: -0.023).fall.met)
        XCTAssertTrue(targets(fall: -0.031).fall.met)
    }

    func testFallNeedsTheProxyToKeepRising() {
        let t = targets(proxy: 0.015)
        XCTAssertTrue(t.fall.met)
        XCTAssertFalse(t.proxyRises.met)
        XCTAssertFalse(t.ceiling)
    }

    func testBestOfNMissed() {
        // A drop of 1.2 SE (seed 2 of the old demo): MISSED, where "gold_drop > 0" said MET.
        XCTAssertFalse(targets(bestOfN: -0.024).bestOfN.met)
        let none = targets(bestOfN: nil)
        XCTAssertFalse(none.bestOfN.met)
        XCTAssertEqual(none.bestOfN.unmeasured, "best n is N")
    }

    func testQuorumIsFourOfFive() {
        XCTAssertEqual(DemoQuorum.needed(seeds: 5), 4)
        XCTAssertEqual(DemoQuorum.needed(seeds: 3), 3)
        XCTAssertEqual(DemoQuorum.needed(seeds: 1), 1)
        XCTAssertTrue(DemoQuorum.line("the ceiling", met: 4, of: 5, "").hasPrefix("MET"))
        XCTAssertTrue(DemoQuorum.line("the ceiling", met: 3, of: 5, "").hasPrefix("MISSED"))
        XCTAssertTrue(DemoQuorum.line("the ceiling", met: 0, of: 0, "").hasPrefix("MISSED"))
    }

    func testMitigationNeedsTheIntervalAboveZero() {
        // The old demo's seeds 0–2 (+0.074, +0.034, −0.013): a positive mean, an interval reaching below 0.
        let old = MitigationCondition(condition: "biased", perSeed: [0.074, 0.034, -0.013].map { difference($0, 0.02) }, errorCorrelations: [0.81, 0.82, 0.83])
        XCTAssertFalse(old.met)
        XCTAssertTrue(old.line.hasPrefix("biased: MISSED"), old.line)
        let clear = MitigationCondition(condition: "noise", perSeed: [0.05, 0.06, 0.04, 0.055, 0.045].map { difference($0, 0.02) }, errorCorrelations: [0.3])
        XCTAssertTrue(clear.met)
        XCTAssertTrue(clear.line.hasPrefix("noise: MET"), clear.line)
        let single = MitigationCondition(condition: "noise", perSeed: [difference(0.2, 0.01)], errorCorrelations: [])
        XCTAssertFalse(single.met, "one seed has no interval")
        let conclusion = MitigationConditions(conditions: [old, clear]).conclusion
        XCTAssertTrue(conclusion?.contains("not against a bias") ?? false, conclusion ?? "nil")
        XCTAssertNil(MitigationConditions(conditions: [old]).conclusion)
    }
}
