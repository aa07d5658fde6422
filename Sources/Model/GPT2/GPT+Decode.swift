import Tensor

extension GPT {
    /// Appends tokens to sequences held in `cache` and returns the logits of each sequence's last new token.
    ///
    /// `tokens` holds the new tokens of all named sequences, concatenated; `counts[i]` of them belong to
    /// cache slot `slots[i]` and take its next positions. A prefill appends whole prompts of different
    /// lengths at once (every projection is one sgemm over all rows); a decode step appends one token per
    /// sequence. Slots not named are left untouched, so finished sequences cost nothing.
    /// -> logits (slots.count, V), valid until the next call on this cache.
    @discardableResult
    public func appendToCache(_ cache: KVCache, slots: [Int], counts: [Int], tokens: [Int32]) throws -> UnsafeMutablePointer<Float> {
        try validateAppend(cache, slots: slots, counts: counts, tokens: tokens)
        let C = config.embeddingWidth, NH = config.headCount, V = config.vocabularySize
        let N = tokens.count, eps = config.layerNormEpsilon
        cache.ensureRows(N)
        if cache.weights?.base != parameters.pointer { cache.weights = DecodeWeights(self) }
        let w = cache.weights!, s = cache.scratch
        var row = 0
        for (slot, count) in zip(slots, counts) {
            for i in 0..<count {
                cache.rowSlots[row] = slot
                cache.rowPositions[row] = cache.lengths[slot] + i
                row += 1
            }
        }
        // Embedding at each row's own position.
        for r in 0..<N {
            let out = s.residual + r * C, token = w.wte + Int(tokens[r]) * C, position = w.wpe + cache.rowPositions[r] * C
            for i in 0..<C { out[i] = token[i] + position[i] }
        }
        for (l, layer) in w.layers.enumerated() {
            layerNormForward(out: s.ln, mean: s.mean, rstd: s.rstd, inp: s.residual, weight: layer.ln1Weight, bias: layer.ln1Bias, N: N, C: C, eps: eps)
            matmulForward(out: s.qkv, inp: s.ln, weight: layer.qkvWeight, bias: layer.qkvBias, N: N, C: C, OC: 3 * C)
            let layerKeys = cache.keys.pointer + cache.offset(layer: l, slot: 0, head: 0)
            let layerValues = cache.values.pointer + cache.offset(layer: l, slot: 0, head: 0)
            cache.rowSlots.withUnsafeBufferPointer { rowSlots in
                cache.rowPositions.withUnsafeBufferPointer { rowPositions in
                    kvCacheWrite(keys: layerKeys, values: layerValues, qkv: s.qkv, rowSlots: rowSlots.baseAddress!,
                                 rowPositions: rowPositions.baseAddress!, N: N, C: C, NH: NH, capacity: cache.capacity)
                }
            }
            attend(cache, layer: l, slots: slots, counts: counts, rows: N)
            matmulForward(out: s.branch, inp: s.context, weight: layer.projWeight, bias: layer.projBias, N: N, C: C, OC: C)
            residualForward(out: s.residual, a: s.residual, b: s.branch, count: N * C)
            layerNormForward(out: s.ln, mean: s.mean, rstd: s.rstd, inp: s.residual, weight: layer.ln2Weight, bias: layer.ln2Bias, N: N, C: C, eps: eps)
            matmulForward(out: s.fc, inp: s.ln, weight: layer.fcWeight, bias: layer.fcBias, N: N, C: C, OC: 4 * C)
            geluForward(out: s.fc, inp: s.fc, count: N * 4 * C)
            matmulForward(out: s.branch, inp: s.fc, weight: layer.fcProjWeight, bias: layer.fcProjBias, N: N, C: 4 * C, OC: C)
            residualForward(out: s.residual, a: s.residual, b: s.branch, count: N * C)
        }
        // Only each sequence's last row needs the final norm and the LM head: (S,C) · wteᵀ as one sgemm.
        row = 0
        for (i, count) in counts.enumerated() {
            row += count
            (s.last + i * C).update(from: s.residual + (row - 1) * C, count: C)
        }
        let S = slots.count
        layerNormForward(out: s.lastNormed, mean: s.mean, rstd: s.rstd, inp: s.last, weight: w.lnfWeight, bias: w.lnfBias, N: S, C: C, eps: eps)
        BLAS.sgemm(transposeB: true, m: S, n: V, k: C, a: s.lastNormed, lda: C, b: w.wte, ldb: C, c: s.logits, ldc: V)
        for (slot, count) in zip(slots, counts) { cache.advance(slot: slot, by: count) }
        return s.logits
    }

    /// Causal attention of this call's rows over their sequences' cached keys and values (layer `l`).
    private func attend(_ cache: KVCache, layer l: Int, slots: [Int], counts: [Int], rows N: Int) {
        let C = config.embeddingWidth, NH = config.headCount, hs = C / NH, s = cache.scratch
        let keys = cache.keys.pointer, values = cache.values.pointer
        if N == slots.count {
            // Decode step: one row per sequence; (sequence, head) pairs are independent.
            Parallel.forEachChunk(N * NH, costPerItem: 4 * hs * (cache.lengths[slots[0]] + 1)) { units in
                for unit in units {
                    let i = unit / NH, h = unit % NH, slot = slots[i]
                    let block = cache.offset(layer: l, slot: slot, head: h)
                    cachedAttentionForward(out: s.context + i * C + h * hs, ldo: C, q: s.qkv + i * 3 * C + h * hs, ldq: 3 * C,
                                           keys: keys + block, values: values + block,
                                           scores: cache.decodeScores.pointer + unit * cache.capacity,
                                           past: cache.lengths[slot], n: 1, hs: hs)
                }
            }
            return
        }
        // Prefill: each sequence's rows at once (sgemm inside), one shared score block.
        let scores = cache.ensurePrefillScores()
        var start = 0
        for (slot, count) in zip(slots, counts) {
            for h in 0..<NH {
                let block = cache.offset(layer: l, slot: slot, head: h)
                cachedAttentionForward(out: s.context + start * C + h * hs, ldo: C, q: s.qkv + start * 3 * C + h * hs, ldq: 3 * C,
                                       keys: keys + block, values: values + block, scores: scores,
                                       past: cache.lengths[slot], n: count, hs: hs)
            }
            start += count
        }
    }

    private func validateAppend(_ cache: KVCache, slots: [Int], counts: [Int], tokens: [Int32]) throws {
        guard cache.config == config else { throw KVCacheError.modelMismatch }
        guard slots.count == counts.count else {
            throw KVCacheError.argumentMismatch("\(slots.count) slots but \(counts.count) counts")
        }
        guard !slots.isEmpty else { throw KVCacheError.argumentMismatch("no slots named") }
        var total = 0
        defer { for slot in slots where slot >= 0 && slot < cache.slotCount { cache.slotInUse[slot] = false } }
        for (slot, count) in zip(slots, counts) {
            guard slot >= 0, slot < cache.slotCount else { throw KVCacheError.slotOutOfRange(slot: slot, slotCount: cache.slotCount) }
            guard !cache.slotInUse[slot] else { throw KVCacheError.duplicateSlot(slot) }
            cache.slotInUse[slot] = true
            guard count > 0 else { throw KVCacheError.emptyAppend(slot: slot) }
            guard cache.lengths[slot] + count <= cache.capacity else {
                throw KVCacheError.capacityExceeded(slot: slot, length: cache.lengths[slot] + count, capacity: cache.capacity)
            }
            total += count
        }
        guard total == tokens.count else {
            throw KVCacheError.argumentMismatch("counts add up to \(total) but \(tokens.count) tokens were given")
        }
        for (position, token) in tokens.enumerated() where token < 0 || Int(token) >= config.vocabularySize {
            throw ModelError.tokenOutOfRange(position: position, token: token, vocabularySize: config.vocabularySize)
        }
    }
}

/// A model's weight pointers, by layer, so a decode step does no name lookups.
struct DecodeWeights {
    struct Layer {
        let ln1Weight, ln1Bias, qkvWeight, qkvBias, projWeight, projBias: UnsafeMutablePointer<Float>
        let ln2Weight, ln2Bias, fcWeight, fcBias, fcProjWeight, fcProjBias: UnsafeMutablePointer<Float>
    }

    let base: UnsafeMutablePointer<Float>
    let wte, wpe, lnfWeight, lnfBias: UnsafeMutablePointer<Float>
    let layers: [Layer]

    init(_ model: GPT) {
        func w(_ name: String) -> UnsafeMutablePointer<Float> { model.parameter(name)! }  // names come from the model's own layout
        base = model.parameters.pointer
        (wte, wpe, lnfWeight, lnfBias) = (w("wte.weight"), w("wpe.weight"), w("ln_f.weight"), w("ln_f.bias"))
        layers = (0..<model.config.layerCount).map { l in
            let p = "h.\(l)."
            return Layer(ln1Weight: w(p + "ln_1.weight"), ln1Bias: w(p + "ln_1.bias"),
                         qkvWeight: w(p + "attn.c_attn.weight"), qkvBias: w(p + "attn.c_attn.bias"),
                         projWeight: w(p + "attn.c_proj.weight"), projBias: w(p + "attn.c_proj.bias"),
                         ln2Weight: w(p + "ln_2.weight"), ln2Bias: w(p + "ln_2.bias"),
                         fcWeight: w(p + "mlp.c_fc.weight"), fcBias: w(p + "mlp.c_fc.bias"),
                         fcProjWeight: w(p + "mlp.c_proj.weight"), fcProjBias: w(p + "mlp.c_proj.bias"))
        }
    }
}
