import Foundation
import Mismatch

/// The demo's targets for one seed, each a test of a difference with the single reward model under
/// `biased` labels (issue 18 restated them; nothing else decides MET):
/// * rise: re-evaluated gold(peak) − gold(start) ≥ 2 SE of that difference;
/// * fall: gold(end) − gold(peak) ≤ −3 SE of that difference, while proxy(end) − proxy(peak) ≥ 2 SE;
/// * best-of-n: gold at n = N (64) below gold at the best n, both estimated on a fresh pool, by ≥ 2 SE.
/// The peak and the best n are chosen on other samples (the run's own evaluations, the sweep's pool)
/// and re-estimated on fresh ones, so the tests do not reuse the samples that made the choice.
public struct DemoSeedTargets: Codable, Equatable, Sendable {
    public static let riseZ = 2.0
    public static let fallZ = -3.0
    public static let proxyRiseZ = 2.0
    public static let bestOfNZ = -2.0

    public var rise: TargetTest
    public var fall: TargetTest
    public var proxyRises: TargetTest
    public var bestOfN: TargetTest

    enum CodingKeys: String, CodingKey {
        case rise, fall
        case proxyRises = "proxy_rises"
        case bestOfN = "best_of_n"
    }

    /// The ceiling: gold rises to a peak and falls from it while the proxy keeps rising.
    public var ceiling: Bool { rise.met && fall.met && proxyRises.met }

    /// `peakMinusStart`, `endMinusPeak`, `proxyEndMinusPeak`: the paired re-evaluation's differences;
    /// `bestOfNDrop`: gold(N) − gold(best n) on the fresh pool (nil with `bestOfNUnmeasured` saying why).
    public init(peakMinusStart: Difference?, endMinusPeak: Difference?, proxyEndMinusPeak: Difference?,
                bestOfNDrop: Difference?, bestOfNUnmeasured: String? = nil, peakIsStart: Bool = false) {
        rise = TargetTest(name: "rise", statement: "re-evaluated gold(peak) − gold(start) ≥ 2 SE", difference: peakIsStart ? nil : peakMinusStart,
                          direction: .atLeast, threshold: Self.riseZ, unmeasured: peakIsStart ? "held-out gold peaked at step 0" : nil)
        fall = TargetTest(name: "fall", statement: "gold(end) − gold(peak) ≤ −3 SE", difference: endMinusPeak,
                          direction: .atMost, threshold: Self.fallZ)
        proxyRises = TargetTest(name: "proxy", statement: "proxy(end) − proxy(peak) ≥ 2 SE", difference: proxyEndMinusPeak,
                                direction: .atLeast, threshold: Self.proxyRiseZ)
        bestOfN = TargetTest(name: "best-of-n", statement: "gold(n = N) − gold(best n) ≤ −2 SE on a fresh pool", difference: bestOfNDrop,
                             direction: .atMost, threshold: Self.bestOfNZ, unmeasured: bestOfNUnmeasured)
    }

    public var all: [TargetTest] { [rise, fall, proxyRises, bestOfN] }
}

/// How many seeds a per-seed target must hold on: 4 of 5 (issue 18), scaled to the seeds run
/// (⌈0.8·n⌉: every seed below five).
public enum DemoQuorum {
    public static func needed(seeds: Int) -> Int { Int((0.8 * Double(seeds)).rounded(.up)) }

    public static func line(_ name: String, met: Int, of seeds: Int, _ what: String) -> String {
        let needed = needed(seeds: seeds)
        return "\(met >= needed && seeds > 0 ? "MET" : "MISSED"): \(name) on \(met) of \(seeds) seed(s), needs \(needed) (\(what))"
    }
}
