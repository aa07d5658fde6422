import Foundation

/// Remembers the token ids of pieces already merged. Prose repeats its words, so most pieces are
/// found here and skip BPE entirely. Guarded by a lock so that one tokenizer can encode on many
/// threads; bounded, and emptied when full.
final class WordCache: @unchecked Sendable {
    private struct State {
        var table = ByteStringTable(minimumCapacity: 1 << 12)
        var tokens: [Int32] = []
    }

    private let lock = NSLock()
    /// Behind a pointer: the lock already serialises access, and class-property access would add
    /// Swift's dynamic exclusivity checks to every lookup.
    private let state = UnsafeMutablePointer<State>.allocate(capacity: 1)
    private let maximumEntries: Int

    init(maximumEntries: Int = 1 << 18) {
        self.maximumEntries = maximumEntries
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Appends the cached ids of `piece` to `ids` and returns true, or returns false on a miss.
    @inline(__always)
    func append(_ piece: UnsafeBufferPointer<UInt8>, to ids: inout [Int]) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let packed = state.pointee.table.lookup(piece) else { return false }
        let start = Int(packed >> 32), count = Int(packed & 0xFFFF_FFFF)
        state.pointee.tokens.withUnsafeBufferPointer { stored in
            for index in start..<(start + count) { ids.append(Int(stored[index])) }
        }
        return true
    }

    func insert(_ piece: UnsafeBufferPointer<UInt8>, ids: [UInt32]) {
        lock.lock()
        defer { lock.unlock() }
        if state.pointee.table.count >= maximumEntries || state.pointee.tokens.count > Int(UInt32.max) - ids.count {
            state.pointee.table.removeAll()
            state.pointee.tokens.removeAll(keepingCapacity: true)
        }
        state.pointee.table.insert(piece, value: UInt64(state.pointee.tokens.count) << 32 | UInt64(ids.count))
        for id in ids { state.pointee.tokens.append(Int32(bitPattern: id)) }
    }
}
