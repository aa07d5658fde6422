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
        let none = UInt32.max
        // ranks[i] is the rank of (parts[i], parts[i+1]).
        var ranks = [UInt32](repeating: none, count: max(parts.count - 1, 0))
        var merged = [UInt32](repeating: 0, count: ranks.count)
        @inline(__always) func refresh(_ i: Int) {
            if let rule = rules.lookup(parts[i], parts[i + 1]), rule.rank < rankLimit {
                ranks[i] = rule.rank
                merged[i] = rule.merged
            } else {
                ranks[i] = none
            }
        }
        for i in ranks.indices { refresh(i) }
        while true {
            var best = none, bestIndex = -1
            for i in ranks.indices where ranks[i] < best {
                best = ranks[i]
                bestIndex = i
            }
            if bestIndex < 0 { return }
            parts[bestIndex] = merged[bestIndex]
            parts.remove(at: bestIndex + 1)
            ranks.remove(at: bestIndex)
            merged.remove(at: bestIndex)
            if bestIndex < ranks.count { refresh(bestIndex) }
            if bestIndex > 0 { refresh(bestIndex - 1) }
        }
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
