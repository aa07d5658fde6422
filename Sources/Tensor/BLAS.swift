import COpenBLAS

import Foundation

/// The bridge to OpenBLAS: the one place that calls cblas.
///
/// OpenBLAS itself runs single-threaded; large products are split into blocks of C computed on
/// Dispatch's pool (`Parallel.threadCount` threads). OpenBLAS's own threads spin-wait between
/// calls: with another process keeping one core busy, a 2-thread OpenBLAS ran the world model's
/// training 4× slower than 1 thread. Dispatch's idle workers park instead, and the blocks are
/// small enough that the thread on the free core takes over the blocks of the one that is not.
public enum BLAS {
    private static let singleThreadedOpenBLAS: Void = { openblas_set_num_threads(1) }()
    /// Products below this many multiply-adds run on the calling thread. A decode step's products are
    /// skinny (16 rows × a weight matrix): packing the weights dominates them, and two threads each pack half.
    static let parallelThreshold = 1 << 20
    /// Blocks per thread: more blocks balance better under load; each block repacks its panel.
    nonisolated(unsafe) public static var blocksPerThread = Int(ProcessInfo.processInfo.environment["CEILING_BLAS_BLOCKS"] ?? "") ?? 2

    /// C (M,N) = alpha * op(A) * op(B) + beta * C, all row-major.
    /// op(A) is (M,K), op(B) is (K,N); `lda`, `ldb`, `ldc` are row strides of the stored matrices.
    /// `splitAcrossThreads: false` keeps the product on the calling thread (callers that already run
    /// independent products in parallel).
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
        splitAcrossThreads: Bool = true
    ) {
        _ = singleThreadedOpenBLAS
        let threads = Parallel.threadCount
        guard splitAcrossThreads, threads > 1, m * n * k >= parallelThreshold else {
            return sgemmOnThisThread(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        }
        // Split the longer side of C into blocks whose edges are multiples of 16 (the kernels' tile).
        let splitRows = m >= n
        let length = splitRows ? m : n
        let blocks = max(1, min(threads * blocksPerThread, length / 16))
        DispatchQueue.concurrentPerform(iterations: blocks) { block in
            let start = length * block / blocks / 16 * 16
            let end = block == blocks - 1 ? length : length * (block + 1) / blocks / 16 * 16
            guard start < end else { return }
            if splitRows {
                // Rows of op(A) are rows of A, or columns of A when transposed.
                let aBlock = transposeA ? a + start : a + start * lda
                sgemmOnThisThread(transposeA, transposeB, end - start, n, k, alpha, aBlock, lda, b, ldb, beta, c + start * ldc, ldc)
            } else {
                // Columns of op(B) are columns of B, or rows of B when transposed.
                let bBlock = transposeB ? b + start * ldb : b + start
                sgemmOnThisThread(transposeA, transposeB, m, end - start, k, alpha, a, lda, bBlock, ldb, beta, c + start, ldc)
            }
        }
    }

    @inline(__always)
    private static func sgemmOnThisThread(
        _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k),
            alpha, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc)
        )
    }

    /// The kernel family OpenBLAS selected for this CPU (e.g. "Haswell", "Cooperlake", "Prescott").
    /// Users pick another with the environment variable OPENBLAS_CORETYPE.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's own thread count (1 once Ceiling has made its first call).
    public static var openBLASThreadCount: Int {
        _ = singleThreadedOpenBLAS
        return Int(openblas_get_num_threads())
    }
}
