import Foundation

/// Remembers the token ids of pieces already merged. Prose repeats its words, so most pieces are
/// found here and skip BPE entirely. Guarded by a lock so that one tokenizer can encode on many
/// threads; bounded, and emptied when full.
final class WordCache: @unchecked Sendable {
    private let lock = NSLock()
    private var table = ByteStringTable(minimumCapacity: 1 << 12)
    private var tokens: [Int32] = []
    private let maximumEntries: Int

    init(maximumEntries: Int = 1 << 18) {
        self.maximumEntries = maximumEntries
    }

    /// Appends the cached ids of `piece` to `ids` and returns true, or returns false on a miss.
    @inline(__always)
    func append(_ piece: UnsafeBufferPointer<UInt8>, to ids: inout [Int]) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let packed = table.lookup(piece) else { return false }
        let start = Int(packed >> 32), count = Int(packed & 0xFFFF_FFFF)
        tokens.withUnsafeBufferPointer { stored in
            for index in start..<(start + count) { ids.append(Int(stored[index])) }
        }
        return true
    }

    func insert(_ piece: UnsafeBufferPointer<UInt8>, ids: [UInt32]) {
        lock.lock()
        defer { lock.unlock() }
        if table.count >= maximumEntries || tokens.count > Int(UInt32.max) - ids.count {
            table.removeAll()
            tokens.removeAll(keepingCapacity: true)
        }
        table.insert(piece, value: UInt64(tokens.count) << 32 | UInt64(ids.count))
        for id in ids { tokens.append(Int32(bitPattern: id)) }
    }
}
