import Foundation
import Tensor

/// The matmul shapes of one training step: (M, N, K, transposeA, transposeB) of every sgemm call
/// the engine makes for the linear layers and the tied LM head, forward and backward.
func trainStepMatmulShapes(layers: Int, width C: Int, vocabulary V: Int, tokens N: Int) -> [(Int, Int, Int, Bool, Bool)] {
    var shapes: [(Int, Int, Int, Bool, Bool)] = []
    for (inWidth, outWidth) in [(C, 3 * C), (C, C), (C, 4 * C), (4 * C, C)] {
        for _ in 0..<layers {
            shapes.append((N, outWidth, inWidth, false, false))  // forward
            shapes.append((N, inWidth, outWidth, false, true))   // dinp
            shapes.append((inWidth, outWidth, N, true, false))   // dweight
        }
    }
    shapes.append((N, V, C, false, true))  // logits
    shapes.append((N, C, V, false, false)) // dhidden
    shapes.append((V, C, N, true, false))  // dwte
    return shapes
}

/// GFLOP/s of sgemm alone over the given shapes, run back to back.
func sgemmThroughput(_ shapes: [(Int, Int, Int, Bool, Bool)], repeats: Int) -> Double {
    let largest = shapes.map { max($0.0 * $0.2, $0.2 * $0.1, $0.0 * $0.1) }.max() ?? 1
    let a = FloatBuffer(count: largest), b = FloatBuffer(count: largest), c = FloatBuffer(count: largest)
    var generator = Xoshiro256StarStar(seed: 1)
    for i in 0..<largest { a[i] = generator.nextUniformFloat(); b[i] = generator.nextUniformFloat() }
    let flops = shapes.reduce(0.0) { $0 + 2 * Double($1.0) * Double($1.1) * Double($1.2) }
    let seconds = secondsPerCall(repeats: repeats) {
        for (m, n, k, ta, tb) in shapes {
            BLAS.sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: a.pointer, lda: ta ? m : k,
                       b: b.pointer, ldb: tb ? k : n, c: c.pointer, ldc: n)
        }
    }
    return flops / seconds / 1e9
}

func runSgemmBenchmark(_ options: BenchOptions) {
    print("\n## sgemm (OpenBLAS)")
    let repeats = options.quick ? 2 : 5
    for size in [512, 1024, 2048] {
        print("square \(size)²                     \(format(sgemmThroughput([(size, size, size, false, false)], repeats: repeats))) GFLOP/s")
    }
    for (M, N, K) in [(2048, 768, 256), (2048, 1024, 256), (2048, 8192, 256), (1024, 2304, 768), (1024, 3072, 768), (1024, 50257, 768)] {
        let label = "(\(M)×\(K))·(\(K)×\(N))".padding(toLength: 30, withPad: " ", startingAt: 0)
        print("\(label)\(format(sgemmThroughput([(M, N, K, false, false)], repeats: repeats))) GFLOP/s")
    }
}
