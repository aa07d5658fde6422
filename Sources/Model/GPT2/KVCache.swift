import Tensor

/// Misuse of a KV cache: each case names the slot or argument at fault.
public enum KVCacheError: Error, CustomStringConvertible, Equatable {
    case modelMismatch
    case argumentMismatch(String)
    case slotOutOfRange(slot: Int, slotCount: Int)
    case duplicateSlot(Int)
    case emptyAppend(slot: Int)
    case capacityExceeded(slot: Int, length: Int, capacity: Int)

    public var description: String {
        switch self {
        case .modelMismatch: return "the KV cache was built for a model with a different configuration"
        case let .argumentMismatch(reason): return "KV cache append: \(reason)"
        case let .slotOutOfRange(slot, slotCount): return "KV cache slot \(slot) is outside 0..<\(slotCount)"
        case let .duplicateSlot(slot): return "KV cache slot \(slot) appears twice in one append"
        case let .emptyAppend(slot): return "KV cache slot \(slot) was given no tokens to append"
        case let .capacityExceeded(slot, length, capacity):
            return "KV cache slot \(slot) would hold \(length) positions; its capacity is \(capacity) (at most the model's n_positions)"
        }
    }
}

/// Keys and values of every layer for a batch of sequences, plus the scratch of the
/// incremental forward pass, all allocated once so a decode step allocates nothing.
///
/// Layout: keys and values are each (L, slots, NH, capacity, hs), so the cached positions of one
/// (sequence, head) are contiguous — a decode step reads them as one dense (positions, hs) block.
/// Each slot has its own length, so prompts of different lengths share one batch.
public final class KVCache {
    public let config: GPTConfig
    /// Sequences the cache holds at once.
    public let slotCount: Int
    /// Positions per sequence (at most the model's context length).
    public let capacity: Int
    /// Positions filled in each slot.
    public private(set) var lengths: [Int]

    let keys: FloatBuffer
    let values: FloatBuffer
    /// Row-wise scratch of the layers, sized for `scratchRows` rows; grown (once) by a larger prefill.
    private(set) var scratch: DecodeScratch
    /// One attention-score row per (slot, head) for decode steps, (slots·NH, capacity).
    let decodeScores: FloatBuffer
    /// Scores of one (sequence, head) during a multi-token append, (capacity, capacity).
    private(set) var prefillScores: FloatBuffer?
    /// Per-row bookkeeping of the current call: cache slot and position of each row.
    var rowSlots: [Int]
    var rowPositions: [Int]
    /// Slots named by the current call (duplicate check without allocating).
    var slotInUse: [Bool]
    /// Weight pointers of the model last run on this cache, looked up once instead of per step.
    var weights: DecodeWeights?

    public init(config: GPTConfig, slotCount: Int, capacity: Int) throws {
        if let problem = config.problem { throw ModelError.invalidConfig(problem) }
        guard slotCount > 0 else { throw ModelError.invalidConfig("a KV cache needs at least one slot (got \(slotCount))") }
        guard capacity > 0, capacity <= config.contextLength else {
            throw ModelError.invalidConfig("KV cache capacity \(capacity) must be in 1...\(config.contextLength) (n_positions)")
        }
        self.config = config
        self.slotCount = slotCount
        self.capacity = capacity
        lengths = [Int](repeating: 0, count: slotCount)
        let count = config.layerCount * slotCount * config.embeddingWidth * capacity
        keys = FloatBuffer(count: count)
        values = FloatBuffer(count: count)
        scratch = DecodeScratch(config: config, rows: slotCount, slots: slotCount)
        decodeScores = FloatBuffer(count: slotCount * config.headCount * capacity)
        rowSlots = [Int](repeating: 0, count: slotCount)
        rowPositions = [Int](repeating: 0, count: slotCount)
        slotInUse = [Bool](repeating: false, count: slotCount)
    }

    /// Empties every slot (the memory is kept and overwritten).
    public func reset() {
        for slot in 0..<slotCount { lengths[slot] = 0 }
    }

    /// Empties one slot, so a new sequence can start there.
    public func reset(slot: Int) { lengths[slot] = 0 }

    /// Start of layer `layer`, slot `slot`, head `head` in `keys` or `values`: a (capacity, hs) block.
    func offset(layer: Int, slot: Int, head: Int) -> Int {
        let hs = config.embeddingWidth / config.headCount
        return ((layer * slotCount + slot) * config.headCount + head) * capacity * hs
    }

    func ensureRows(_ rows: Int) {
        if rows > scratch.rows { scratch = DecodeScratch(config: config, rows: rows, slots: slotCount) }
        if rows > rowSlots.count {
            rowSlots = [Int](repeating: 0, count: rows)
            rowPositions = [Int](repeating: 0, count: rows)
        }
    }

    func ensurePrefillScores() -> UnsafeMutablePointer<Float> {
        if let prefillScores { return prefillScores.pointer }
        let buffer = FloatBuffer(count: capacity * capacity)
        prefillScores = buffer
        return buffer.pointer
    }

    func advance(slot: Int, by count: Int) { lengths[slot] += count }
}

/// The activations of one layer for `rows` token rows (reused by every layer), then the final
/// hidden row and the logits of each sequence's last token (`slots` rows).
struct DecodeScratch {
    let rows: Int
    let buffer: FloatBuffer
    let residual, ln, mean, rstd, qkv, context, branch, fc, last, lastNormed, logits: UnsafeMutablePointer<Float>

    init(config: GPTConfig, rows: Int, slots: Int) {
        self.rows = rows
        let C = config.embeddingWidth
        var layout = TensorLayout()
        let offsets = [
            layout.append("residual", [rows, C]), layout.append("ln", [rows, C]),
            layout.append("mean", [rows]), layout.append("rstd", [rows]),
            layout.append("qkv", [rows, 3 * C]), layout.append("context", [rows, C]),
            layout.append("branch", [rows, C]), layout.append("fc", [rows, 4 * C]),
            layout.append("last", [slots, C]), layout.append("lastNormed", [slots, C]),
            layout.append("logits", [slots, config.vocabularySize]),
        ]
        buffer = FloatBuffer(count: layout.totalCount)
        let base = buffer.pointer
        (residual, ln, mean, rstd) = (base + offsets[0], base + offsets[1], base + offsets[2], base + offsets[3])
        (qkv, context, branch, fc) = (base + offsets[4], base + offsets[5], base + offsets[6], base + offsets[7])
        (last, lastNormed, logits) = (base + offsets[8], base + offsets[9], base + offsets[10])
    }
}
