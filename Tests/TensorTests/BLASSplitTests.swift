import XCTest
@testable import Tensor

/// Large products are split into blocks of C on several threads; every transpose combination and
/// both split directions must give the naive product.
final class BLASSplitTests: XCTestCase {
    func naiveProduct(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ b: [Float], _ c: [Float], alpha: Float, beta: Float) -> [Float] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var sum: Double = 0
                for p in 0..<k {
                    let x = ta ? a[p * m + i] : a[i * k + p]
                    let y = tb ? b[j * k + p] : b[p * n + j]
                    sum += Double(x) * Double(y)
                }
                out[i * n + j] = alpha * Float(sum) + beta * c[i * n + j]
            }
        }
        return out
    }

    func testSplitProductsMatchTheNaiveProduct() {
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        Parallel.threadCount = 2
        // (m, n, k): rows split (m ≥ n) and columns split (n > m), both above the parallel threshold.
        for (m, n, k) in [(400, 136, 96), (72, 520, 130)] {
            XCTAssertGreaterThanOrEqual(m * n * k, BLAS.parallelThreshold)
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = GradientCheck.randomValues(m * k, seed: 1), b = GradientCheck.randomValues(k * n, seed: 2)
                let c = GradientCheck.randomValues(m * n, seed: 3)
                var out = c
                BLAS.sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.5, a: a, lda: ta ? m : k,
                           b: b, ldb: tb ? k : n, beta: 1, c: &out, ldc: n)
                let expected = naiveProduct(ta, tb, m, n, k, a, b, c, alpha: 0.5, beta: 1)
                let worst = zip(out, expected).map { abs($0 - $1) }.max() ?? 0
                XCTAssertLessThan(worst, 1e-3, "m \(m) n \(n) k \(k) transposeA \(ta) transposeB \(tb)")
            }
        }
    }
}
