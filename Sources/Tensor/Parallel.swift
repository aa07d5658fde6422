import Dispatch
import Foundation

/// Work splitting for the element-wise kernels (sgemm has OpenBLAS's own threads).
///
/// Dispatch's pool parks idle workers instead of spinning at a barrier, so a
/// descheduled thread costs its share of the work, not the whole step.
public enum Parallel {
    /// Threads used by `forEachChunk` and by large sgemm calls; 1 disables threading.
    /// Defaults to the core count; the environment variable CEILING_THREADS overrides it.
    nonisolated(unsafe) public static var threadCount: Int =
        Int(ProcessInfo.processInfo.environment["CEILING_THREADS"] ?? "").flatMap { $0 > 0 ? $0 : nil }
        ?? ProcessInfo.processInfo.activeProcessorCount

    /// Calls `body` on disjoint, contiguous sub-ranges covering `0..<count`.
    /// Runs inline when the work (`count * costPerItem`) is too small to pay for a thread hop.
    public static func forEachChunk(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        forEachChunk(count, costPerItem: costPerItem, maximumChunks: threadCount) { _, range in body(range) }
    }

    /// As `forEachChunk`, with the chunk's number (0..<maximumChunks) passed along, so that each chunk can
    /// use scratch of its own.
    public static func forEachChunk(_ count: Int, costPerItem: Int = 1, maximumChunks: Int, _ body: (Int, Range<Int>) -> Void) {
        let minimumWorkPerThread = 32_768
        let threads = min(threadCount, maximumChunks, max(1, count * costPerItem / minimumWorkPerThread), count)
        if threads <= 1 {
            if count > 0 { body(0, 0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: threads) { chunk in
            let start = count * chunk / threads
            let end = count * (chunk + 1) / threads
            if start < end { body(chunk, start..<end) }
        }
    }
}
