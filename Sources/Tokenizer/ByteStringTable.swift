import Foundation

/// A hash table from byte strings to 64-bit values whose lookups take a borrowed buffer, so that
/// looking up a piece of the input allocates nothing. Keys are copied into one shared byte arena;
/// slots are parallel arrays so that probing touches only the 8-byte hashes.
struct ByteStringTable {
    private var hashes: [UInt64]      // 0 marks an empty slot
    private var keyStarts: [UInt32]
    private var keyLengths: [UInt32]
    private var values: [UInt64]
    private var arena: [UInt8] = []
    private var mask: Int
    private(set) var count = 0

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        hashes = [UInt64](repeating: 0, count: capacity)
        keyStarts = [UInt32](repeating: 0, count: capacity)
        keyLengths = [UInt32](repeating: 0, count: capacity)
        values = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// Eight bytes at a time, multiply-xorshift mixing; never 0.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = UInt64(truncatingIfNeeded: key.count) &* 0x9E37_79B9_7F4A_7C15
        var index = 0
        let raw = UnsafeRawBufferPointer(key)
        while index + 8 <= key.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < key.count {
            tail |= UInt64(key[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 29
        return hash | 1
    }

    /// First slot probed for a hash (its high bits: the low bit is always set).
    @inline(__always)
    private func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 20) & mask }

    @inline(__always)
    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> UInt64? {
        slotIndex(of: key, hash: Self.hash(key)).found.map { values[$0] }
    }

    func lookup(_ key: [UInt8]) -> UInt64? {
        key.withUnsafeBufferPointer { lookup($0) }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func slotIndex(of key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (found: Int?, empty: Int) {
        hashes.withUnsafeBufferPointer { hashes in
            var index = home(hash)
            while true {
                let stored = hashes[index]
                if stored == 0 { return (nil, index) }
                if stored == hash && Int(keyLengths[index]) == key.count && matches(index, key) { return (index, index) }
                index = (index + 1) & mask
            }
        }
    }

    @inline(__always)
    private func matches(_ slot: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { stored in
            guard let base = key.baseAddress, let storedBase = stored.baseAddress else { return key.isEmpty }
            return memcmp(storedBase + Int(keyStarts[slot]), base, key.count) == 0
        }
    }

    /// Inserts or replaces the value of `key`.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, value: UInt64) {
        if (count + 1) * 2 > hashes.count { grow() }
        let hash = Self.hash(key)
        let (found, empty) = slotIndex(of: key, hash: hash)
        if let found {
            values[found] = value
            return
        }
        hashes[empty] = hash
        keyStarts[empty] = UInt32(arena.count)
        keyLengths[empty] = UInt32(key.count)
        values[empty] = value
        arena.append(contentsOf: key)
        count += 1
    }

    mutating func insert(_ key: [UInt8], value: UInt64) {
        key.withUnsafeBufferPointer { insert($0, value: value) }
    }

    mutating func removeAll() {
        for index in hashes.indices { hashes[index] = 0 }
        arena.removeAll(keepingCapacity: true)
        count = 0
    }

    private mutating func grow() {
        let old = (hashes, keyStarts, keyLengths, values)
        let capacity = hashes.count * 2
        hashes = [UInt64](repeating: 0, count: capacity)
        keyStarts = [UInt32](repeating: 0, count: capacity)
        keyLengths = [UInt32](repeating: 0, count: capacity)
        values = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        for slot in old.0.indices where old.0[slot] != 0 {
            var index = home(old.0[slot])
            while hashes[index] != 0 { index = (index + 1) & mask }
            hashes[index] = old.0[slot]
            keyStarts[index] = old.1[slot]
            keyLengths[index] = old.2[slot]
            values[index] = old.3[slot]
        }
    }
}
