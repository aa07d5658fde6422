/// The merge rules of a byte-level BPE: (left id, right id) → (rank, merged id).
/// An open-addressing hash table on a packed 64-bit key: the BPE inner loop looks pairs up far
/// more often than anything else, and this avoids the cost of hashing through `Dictionary`.
struct MergeTable {
    struct Merge: Equatable {
        var rank: UInt32
        var merged: UInt32
    }

    private static let emptyKey = UInt64.max
    private var keys: [UInt64]
    private var values: [Merge]
    private var mask: Int
    private(set) var count = 0

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: Self.emptyKey, count: capacity)
        values = [Merge](repeating: Merge(rank: 0, merged: 0), count: capacity)
        mask = capacity - 1
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 29) & mask
    }

    @inline(__always)
    func lookup(_ left: UInt32, _ right: UInt32) -> Merge? {
        let key = UInt64(left) << 32 | UInt64(right)
        var index = Self.slot(key, mask)
        while true {
            let found = keys[index]
            if found == key { return values[index] }
            if found == Self.emptyKey { return nil }
            index = (index + 1) & mask
        }
    }

    /// Adds a rule unless the pair already has one (the first, lowest-ranked rule wins).
    mutating func insertIfAbsent(_ left: UInt32, _ right: UInt32, _ merge: Merge) {
        if (count + 1) * 2 > keys.count { grow() }
        let key = UInt64(left) << 32 | UInt64(right)
        var index = Self.slot(key, mask)
        while keys[index] != Self.emptyKey {
            if keys[index] == key { return }
            index = (index + 1) & mask
        }
        keys[index] = key
        values[index] = merge
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: Self.emptyKey, count: oldKeys.count * 2)
        values = [Merge](repeating: Merge(rank: 0, merged: 0), count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (key, value) in zip(oldKeys, oldValues) where key != Self.emptyKey {
            insertIfAbsent(UInt32(key >> 32), UInt32(truncatingIfNeeded: key), value)
        }
    }
}
