import Tensor

/// Everything the forward pass keeps for backward, for one (B,T) shape, in one buffer
/// with named views (llm.c's ActivationTensors). Per-layer tensors are stacked (L, …).
final class GPTActivations {
    let B: Int, T: Int
    let layout: TensorLayout
    let storage: FloatBuffer
    // Backward scratch for one layer at a time (gradients of activations are not kept per layer).
    let scratch: FloatBuffer
    let scratchLayout: TensorLayout
    let attentionScratchBlocks: Int

    /// `arena`: the activations of an earlier shape whose buffers are reused when large enough, so that a
    /// model seeing batches of many shapes (reward models: each batch as long as its longest sequence)
    /// allocates only when a shape needs more room than any before. Buffers are not cleared: every
    /// kernel writes its outputs before anything reads them (tested by poisoning the buffers with NaN).
    init(config: GPTConfig, B: Int, T: Int, arena: GPTActivations? = nil) {
        self.B = B
        self.T = T
        let C = config.embeddingWidth, L = config.layerCount, NH = config.headCount, V = config.vocabularySize
        let BT = B * T
        var layout = TensorLayout()
        layout.append("encoded", [B, T, C])
        layout.append("ln_1", [L, B, T, C])
        layout.append("ln_1.mean", [L, B, T])
        layout.append("ln_1.rstd", [L, B, T])
        layout.append("attn.c_attn", [L, B, T, 3 * C])
        layout.append("attn.probabilities", [L, B, NH, T, T])
        layout.append("attn.context", [L, B, T, C])
        layout.append("attn.c_proj", [L, B, T, C])
        layout.append("residual_1", [L, B, T, C])
        layout.append("ln_2", [L, B, T, C])
        layout.append("ln_2.mean", [L, B, T])
        layout.append("ln_2.rstd", [L, B, T])
        layout.append("mlp.c_fc", [L, B, T, 4 * C])
        layout.append("mlp.gelu", [L, B, T, 4 * C])
        layout.append("mlp.c_proj", [L, B, T, C])
        layout.append("residual_2", [L, B, T, C])
        layout.append("ln_f", [B, T, C])
        layout.append("ln_f.mean", [B, T])
        layout.append("ln_f.rstd", [B, T])
        layout.append("logits", [B, T, V])
        self.layout = layout
        storage = Self.buffer(count: layout.totalCount, reusing: arena?.storage)

        var scratchLayout = TensorLayout()
        scratchLayout.append("dhidden", [BT, C])
        scratchLayout.append("dresidual", [BT, C])
        scratchLayout.append("dln", [BT, C])
        scratchLayout.append("dqkv", [BT, 3 * C])
        scratchLayout.append("dcontext", [BT, C])
        scratchLayout.append("dfc", [BT, 4 * C])
        scratchLayout.append("dgelu", [BT, 4 * C])
        // One attention-score block per thread: attention's backward runs (batch, head) pairs in parallel.
        attentionScratchBlocks = max(1, Parallel.threadCount)
        scratchLayout.append("dscores", [attentionScratchBlocks, T, T])
        self.scratchLayout = scratchLayout
        scratch = Self.buffer(count: scratchLayout.totalCount, reusing: arena?.scratch)
    }

    private static func buffer(count: Int, reusing existing: FloatBuffer?) -> FloatBuffer {
        if let existing, existing.count >= count { return existing }
        return FloatBuffer(count: count)
    }

    /// Pointer to a whole named activation.
    func pointer(_ name: String) -> UnsafeMutablePointer<Float> {
        storage.pointer + layout.spec(named: name)!.offset
    }

    /// Pointer to layer `layer` of a stacked per-layer activation.
    func pointer(_ name: String, layer: Int) -> UnsafeMutablePointer<Float> {
        let spec = layout.spec(named: name)!
        return storage.pointer + spec.offset + layer * (spec.count / spec.shape[0])
    }

    func scratchPointer(_ name: String) -> UnsafeMutablePointer<Float> {
        scratch.pointer + scratchLayout.spec(named: name)!.offset
    }
}
