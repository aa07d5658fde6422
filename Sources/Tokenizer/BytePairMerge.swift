/// Applies merge rules to one pre-tokenized piece: repeatedly merge the adjacent pair with the
/// lowest rank, the leftmost one among equal ranks, until no adjacent pair has a rule.
/// This is the rule both tiktoken and Hugging Face `tokenizers` follow.
enum BytePairMerge {
    /// Pieces with more parts than this use the O(n log n) heap version; short pieces (nearly all)
    /// use the simple scan, which is faster at their size.
    static let heapThreshold = 128

    static func merge(_ parts: inout [UInt32], rules: MergeTable) {
        if parts.count > heapThreshold {
            mergeWithHeap(&parts, rules: rules)
        } else {
            mergeByScanning(&parts, rules: rules)
        }
    }

    /// `rankLimit` ignores rules of that rank or above (used to recover how a token was built).
    static func mergeByScanning(_ parts: inout [UInt32], rules: MergeTable, rankLimit: UInt32 = .max) {
        let initialCount = parts.count
        guard initialCount > 1 else { return }
        var count = initialCount
        // pairs[i] describes (parts[i], parts[i+1]) as rank << 32 | merged id, or .max without a rule.
        // Equal ranks mean the same rule and the same merged id, so `<` on the packed value picks the
        // lowest rank and, among equals, the leftmost pair.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: initialCount) { pairs in
            parts.withUnsafeMutableBufferPointer { parts in
                @inline(__always) func describe(_ i: Int) -> UInt64 {
                    guard let rule = rules.lookup(parts[i], parts[i + 1]), rule.rank < rankLimit else { return .max }
                    return UInt64(rule.rank) << 32 | UInt64(rule.merged)
                }
                pairs.initialize(repeating: .max)
                for i in 0..<(count - 1) { pairs[i] = describe(i) }
                while count > 1 {
                    var best = UInt64.max, bestIndex = -1
                    for i in 0..<(count - 1) where pairs[i] < best {
                        best = pairs[i]
                        bestIndex = i
                    }
                    if bestIndex < 0 { break }
                    parts[bestIndex] = UInt32(truncatingIfNeeded: best)
                    for i in (bestIndex + 1)..<(count - 1) {
                        parts[i] = parts[i + 1]
                        pairs[i] = pairs[i + 1]
                    }
                    count -= 1
                    if bestIndex < count - 1 { pairs[bestIndex] = describe(bestIndex) }
                    if bestIndex > 0 { pairs[bestIndex - 1] = describe(bestIndex - 1) }
                }
            }
        }
        parts.removeLast(initialCount - count)
    }

    /// Linked list of parts plus a min-heap of candidate merges ordered by (rank, position);
    /// stale candidates are skipped when popped.
    static func mergeWithHeap(_ parts: inout [UInt32], rules: MergeTable) {
        let count = parts.count
        var token = parts
        var next = Array(1...count)          // next[i] == count: no successor
        var previous = Array(-1..<(count - 1))
        var alive = [Bool](repeating: true, count: count)
        var heap = CandidateHeap()
        @inline(__always) func push(_ i: Int) {
            let j = next[i]
            guard j < count, let rule = rules.lookup(token[i], token[j]) else { return }
            heap.push(Candidate(rank: rule.rank, position: Int32(i), left: token[i], right: token[j]))
        }
        for i in 0..<(count - 1) { push(i) }
        while let candidate = heap.pop() {
            let i = Int(candidate.position)
            let j = next[i]
            guard alive[i], j < count, token[i] == candidate.left, token[j] == candidate.right,
                  let rule = rules.lookup(token[i], token[j]), rule.rank == candidate.rank else { continue }
            token[i] = rule.merged
            alive[j] = false
            next[i] = next[j]
            if next[j] < count { previous[next[j]] = i }
            if previous[i] >= 0 { push(previous[i]) }
            push(i)
        }
        parts.removeAll(keepingCapacity: true)
        var i = 0
        while i < count {
            parts.append(token[i])
            i = next[i]
        }
    }
}

struct Candidate {
    var rank: UInt32
    var position: Int32
    var left: UInt32
    var right: UInt32

    @inline(__always)
    func precedes(_ other: Candidate) -> Bool {
        rank != other.rank ? rank < other.rank : position < other.position
    }
}

/// A binary min-heap of merge candidates.
struct CandidateHeap {
    private var items: [Candidate] = []

    mutating func push(_ item: Candidate) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Candidate? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < items.count && items[left].precedes(items[smallest]) { smallest = left }
                if right < items.count && items[right].precedes(items[smallest]) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
