/// A hash table from byte strings to 64-bit values whose lookups take a borrowed buffer, so that
/// looking up a piece of the input allocates nothing. Keys are copied into one shared byte arena.
struct ByteStringTable {
    private struct Slot {
        var hash: UInt64
        var keyStart: UInt32
        var keyLength: UInt32
        var value: UInt64
    }

    private var slots: [Slot?]
    private var arena: [UInt8] = []
    private var mask: Int
    private(set) var count = 0

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = [Slot?](repeating: nil, count: capacity)
        mask = capacity - 1
    }

    /// Bytes held by the keys, for callers that bound memory.
    var arenaSize: Int { arena.count }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash ^ (hash >> 29)
    }

    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let hash = Self.hash(key)
        var index = Int(truncatingIfNeeded: hash) & mask
        while let slot = slots[index] {
            if slot.hash == hash && Int(slot.keyLength) == key.count && matches(slot, key) { return slot.value }
            index = (index + 1) & mask
        }
        return nil
    }

    func lookup(_ key: [UInt8]) -> UInt64? {
        key.withUnsafeBufferPointer { lookup($0) }
    }

    @inline(__always)
    private func matches(_ slot: Slot, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { stored in
            let start = Int(slot.keyStart)
            for offset in 0..<key.count where stored[start + offset] != key[offset] { return false }
            return true
        }
    }

    /// Inserts or replaces the value of `key`.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: UInt64) {
        if (count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(key)
        var index = Int(truncatingIfNeeded: hash) & mask
        while let slot = slots[index] {
            if slot.hash == hash && Int(slot.keyLength) == key.count && matches(slot, key) {
                slots[index]?.value = value
                return
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(hash: hash, keyStart: UInt32(arena.count), keyLength: UInt32(key.count), value: value)
        arena.append(contentsOf: key)
        count += 1
    }

    mutating func insert(_ key: [UInt8], value: UInt64) {
        key.withUnsafeBufferPointer { insert($0, value: value) }
    }

    mutating func removeAll() {
        slots = [Slot?](repeating: nil, count: slots.count)
        arena.removeAll(keepingCapacity: true)
        count = 0
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot?](repeating: nil, count: old.count * 2)
        mask = slots.count - 1
        for case let slot? in old {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index] != nil { index = (index + 1) & mask }
            slots[index] = slot
        }
    }
}
