import Foundation
import XCTest
@testable import Optimize
@testable import Tensor

/// The best-of-n estimator against exact rationals and subset enumeration (Python), against its own
/// enumeration and Monte-Carlo resampling, and against hand values.
final class BestOfNEstimatorTests: XCTestCase {
    struct Reference: Decodable {
        struct Row: Decodable {
            var n: Int
            var probabilities: [Double]?
            var expectation: Double
            var objective_expectation: Double
            var empirical_kl: Double
        }
        struct Case: Decodable {
            var name: String
            var objective: [Double]
            var g: [Double]
            var outcomes: [Int]
            var rows: [Row]
        }
        struct KL: Decodable { var n: Int; var kl: Double }
        var cases: [Case]
        var analytic_kl: [KL]
    }

    static func reference() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/bon/reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    func testAgreesWithExactReference() throws {
        let reference = try Self.reference()
        XCTAssertEqual(reference.cases.count, 4)
        for test in reference.cases {
            XCTAssertEqual(test.rows.map(\.n), BestOfNEstimator.sweep(poolSize: test.objective.count), test.name)
            for row in test.rows {
                let p = BestOfNEstimator.selectionProbabilities(objective: test.objective, n: row.n)
                if let expected = row.probabilities {
                    for (a, b) in zip(p, expected) { XCTAssertEqual(a, b, accuracy: 1e-12, "\(test.name) n=\(row.n)") }
                }
                XCTAssertEqual(BestOfNEstimator.expectation(test.g, probabilities: p), row.expectation, accuracy: 1e-10, "\(test.name) n=\(row.n)")
                XCTAssertEqual(BestOfNEstimator.expectation(test.objective, probabilities: p), row.objective_expectation,
                               accuracy: 1e-10, "\(test.name) n=\(row.n)")
                XCTAssertEqual(BestOfNEstimator.empiricalKL(probabilities: p, outcomes: test.outcomes), row.empirical_kl,
                               accuracy: 1e-10, "\(test.name) n=\(row.n)")
            }
        }
        for row in reference.analytic_kl { XCTAssertEqual(BestOfNEstimator.analyticKL(n: row.n), row.kl, accuracy: 1e-12) }
    }

    func testOneIsThePoolMeanAndNIsThePoolMax() {
        var generator = Xoshiro256StarStar(seed: 9)
        let objective = (0..<256).map { _ in generator.nextNormal() }
        let g = (0..<256).map { _ in generator.nextNormal() }
        let mean = BestOfNEstimator.expectation(g, probabilities: BestOfNEstimator.selectionProbabilities(objective: objective, n: 1))
        XCTAssertEqual(mean, g.reduce(0, +) / 256, accuracy: 1e-12)
        let best = objective.indices.max { objective[$0] < objective[$1] }!
        let atN = BestOfNEstimator.selectionProbabilities(objective: objective, n: 256)
        XCTAssertEqual(atN[best], 1)
        XCTAssertEqual(BestOfNEstimator.expectation(objective, probabilities: atN), objective[best])
        // The estimate of the objective itself never falls as n grows.
        let curve = BestOfNEstimator.sweep(poolSize: 256).map {
            BestOfNEstimator.expectation(objective, probabilities: BestOfNEstimator.selectionProbabilities(objective: objective, n: $0))
        }
        XCTAssertEqual(curve, curve.sorted())
    }

    func testWeightsAreFiniteAndSumToOneForLargePools() {
        for N in [256, 4096] {
            for n in [1, 2, 7, N / 2, N - 1, N] {
                let w = BestOfNEstimator.orderWeights(poolSize: N, n: n)
                XCTAssertTrue(w.allSatisfy { $0.isFinite && $0 >= 0 })
                XCTAssertEqual(w.reduce(0, +), 1, accuracy: 1e-12, "N=\(N) n=\(n)")
                XCTAssertEqual(w.prefix(n - 1).reduce(0, +), 0)  // fewer than n below: never the maximum
            }
        }
        // A hand value: N = 4, n = 2 gives C(i−1, 1)/C(4, 2) = 0, 1/6, 2/6, 3/6.
        XCTAssertEqual(BestOfNEstimator.orderWeights(poolSize: 4, n: 2), [0, 1.0 / 6, 2.0 / 6, 3.0 / 6])
    }

    /// Every n-subset of a small pool with ties, enumerated here, the tied maxima sharing the pick.
    func testAgreesWithExhaustiveEnumeration() {
        let objective: [Double] = [0.3, 1.2, -0.4, 1.2, 0.3, 2.5, 0.0, 1.2, -1.0, 0.9]
        let g: [Double] = [1, -2, 0.5, 3, 4, -1, 2, 0.25, -3, 1.5]
        for n in 1...objective.count {
            var total = 0.0, subsets = 0
            func visit(_ start: Int, _ chosen: [Int]) {
                if chosen.count == n {
                    let top = chosen.map { objective[$0] }.max()!
                    let winners = chosen.filter { objective[$0] == top }
                    total += winners.map { g[$0] }.reduce(0, +) / Double(winners.count)
                    subsets += 1
                    return
                }
                guard start < objective.count else { return }
                for i in start..<objective.count { visit(i + 1, chosen + [i]) }
            }
            visit(0, [])
            let estimate = BestOfNEstimator.expectation(g, probabilities: BestOfNEstimator.selectionProbabilities(objective: objective, n: n))
            XCTAssertEqual(estimate, total / Double(subsets), accuracy: 1e-12, "n=\(n)")
        }
    }

    /// Brute-force resampling: draw many n-subsets with a seeded generator, keep the highest
    /// objective (a random one among tied maxima), average g; within 4.5 Monte-Carlo standard errors.
    func testAgreesWithBruteForceResampling() {
        var generator = Xoshiro256StarStar(seed: 21)
        let N = 64
        let objective = (0..<N).map { _ in (generator.nextNormal() * 4).rounded() / 4 }  // a coarse grid: ties
        let g = objective.map { 0.8 * $0 - 0.3 * $0 * $0 + generator.nextNormal() * 0.5 }
        let draws = 20_000
        for n in [1, 2, 4, 8, 16, 32, 64] {
            var sum = 0.0, sumSquares = 0.0
            for _ in 0..<draws {
                var indices = Array(0..<N)
                for k in 0..<n { indices.swapAt(k, k + Int(generator.next() % UInt64(N - k))) }  // partial Fisher–Yates
                let subset = indices.prefix(n)
                let top = subset.map { objective[$0] }.max()!
                let winners = subset.filter { objective[$0] == top }
                let value = g[winners[Int(generator.next() % UInt64(winners.count))]]
                sum += value
                sumSquares += value * value
            }
            let mean = sum / Double(draws)
            let se = (max(0, sumSquares / Double(draws) - mean * mean) / Double(draws)).squareRoot()
            let estimate = BestOfNEstimator.expectation(g, probabilities: BestOfNEstimator.selectionProbabilities(objective: objective, n: n))
            XCTAssertEqual(estimate, mean, accuracy: 4.5 * se + 1e-9, "n=\(n)")
        }
    }

    func testTiedSamplesShareTheirBlockWeight() {
        // Sorted: -1 | 2, 2 | 5. For n = 2 the weights are 0, 1/6, 2/6, 3/6; the tie shares 1/6 + 2/6.
        let p = BestOfNEstimator.selectionProbabilities(objective: [2, 5, -1, 2], n: 2)
        XCTAssertEqual(p[2], 0)
        XCTAssertEqual(p[0], 0.25, accuracy: 1e-15)
        XCTAssertEqual(p[3], 0.25, accuracy: 1e-15)
        XCTAssertEqual(p[1], 0.5, accuracy: 1e-15)
        // An all-tied pool is the pool mean at every n.
        for n in 1...4 { XCTAssertEqual(BestOfNEstimator.selectionProbabilities(objective: [1, 1, 1, 1], n: n), [0.25, 0.25, 0.25, 0.25]) }
    }

    func testAnalyticKLHandValues() {
        XCTAssertEqual(BestOfNEstimator.analyticKL(n: 1), 0)
        XCTAssertEqual(BestOfNEstimator.analyticKL(n: 2), 0.6931471805599453 - 0.5, accuracy: 1e-15)
        XCTAssertEqual(BestOfNEstimator.analyticKL(n: 8), 2.0794415416798357 - 0.875, accuracy: 1e-15)
        XCTAssertEqual(BestOfNEstimator.analyticKL(n: 256), 5.545177444479562 - 255.0 / 256, accuracy: 1e-14)
    }

    func testEmpiricalKLClosedForm() {
        // N = 4 distinct, n = 2: p = 0, 1/6, 1/3, 1/2 → Σ p log(4p).
        let p = BestOfNEstimator.selectionProbabilities(objective: [0, 1, 2, 3], n: 2)
        let expected = (1.0 / 6) * log(4.0 / 6) + (1.0 / 3) * log(4.0 / 3) + 0.5 * log(2.0)
        XCTAssertEqual(BestOfNEstimator.empiricalKL(probabilities: p, outcomes: [0, 1, 2, 3]), expected, accuracy: 1e-15)
        // The same pool where the top two samples are one completion (so they tie): outcome {2, 3} has
        // count 2 and mass 5/6 → 1/6·log(4/6) + 5/6·log((5/6)·4/2).
        let tied = BestOfNEstimator.selectionProbabilities(objective: [0, 1, 3, 3], n: 2)
        let expectedTied = (1.0 / 6) * log(4.0 / 6) + (5.0 / 6) * log(5.0 / 3)
        XCTAssertEqual(BestOfNEstimator.empiricalKL(probabilities: tied, outcomes: [0, 1, 2, 2]), expectedTied, accuracy: 1e-15)
        // n = 1 is the pool itself; n = N with distinct outcomes is log N.
        XCTAssertEqual(BestOfNEstimator.empiricalKL(probabilities: [0.25, 0.25, 0.25, 0.25], outcomes: [0, 1, 2, 3]), 0, accuracy: 1e-15)
        XCTAssertEqual(BestOfNEstimator.empiricalKL(probabilities: [0, 0, 0, 1], outcomes: [0, 1, 2, 3]), log(4.0), accuracy: 1e-15)
    }

    func testRejectionSamplingKeepsTheTopQuantileAndItsTies() {
        let p = BestOfNEstimator.rejectionProbabilities(objective: [5, 1, 3, 3, 2, 4, 0, 6], quantile: 0.5)
        // ⌊0.5·8⌋ = 4th sorted value (0-based) = 3: accepts 5, 3, 3, 4, 6.
        XCTAssertEqual(p, [0.2, 0, 0.2, 0.2, 0, 0.2, 0, 0.2])
        XCTAssertEqual(BestOfNEstimator.rejectionProbabilities(objective: [1, 2], quantile: 0), [0.5, 0.5])
    }

    func testSweepAndOutcomeIDs() {
        XCTAssertEqual(BestOfNEstimator.sweep(poolSize: 256), [1, 2, 4, 8, 16, 32, 64, 128, 256])
        XCTAssertEqual(BestOfNEstimator.sweep(poolSize: 12), [1, 2, 4, 8, 12])
        XCTAssertEqual(BestOfNEstimator.sweep(poolSize: 1), [1])
        XCTAssertEqual(BestOfNEstimator.outcomeIDs([[1, 2], [3], [1, 2], [], [3]] as [[Int32]]), [0, 1, 0, 2, 1])
    }
}
