import Tensor

extension GPT {
    private func weights(_ name: String) -> UnsafeMutablePointer<Float> { parameter(name)! }
    private func grads(_ name: String) -> UnsafeMutablePointer<Float> { gradient(name)! }

    /// tokens (B,T) -> final hidden states (B,T,C), after ln_f. Reward and value heads read these.
    @discardableResult
    public func forwardHidden(tokens: [Int32], B: Int, T: Int) throws -> UnsafeMutablePointer<Float> {
        let acts = try prepare(tokens: tokens, B: B, T: T)
        let C = config.embeddingWidth, NH = config.headCount, L = config.layerCount, N = B * T
        let eps = config.layerNormEpsilon
        tokens.withUnsafeBufferPointer { ids in
            embeddingForward(out: acts.pointer("encoded"), tokens: ids.baseAddress!,
                             wte: weights("wte.weight"), wpe: weights("wpe.weight"), B: B, T: T, C: C)
        }
        for l in 0..<L {
            let p = "h.\(l)."
            let residual = l == 0 ? acts.pointer("encoded") : acts.pointer("residual_2", layer: l - 1)
            let ln1 = acts.pointer("ln_1", layer: l), qkv = acts.pointer("attn.c_attn", layer: l)
            let context = acts.pointer("attn.context", layer: l), attnOut = acts.pointer("attn.c_proj", layer: l)
            let residual1 = acts.pointer("residual_1", layer: l), ln2 = acts.pointer("ln_2", layer: l)
            let fc = acts.pointer("mlp.c_fc", layer: l), gelu = acts.pointer("mlp.gelu", layer: l)
            let mlpOut = acts.pointer("mlp.c_proj", layer: l), residual2 = acts.pointer("residual_2", layer: l)

            layerNormForward(out: ln1, mean: acts.pointer("ln_1.mean", layer: l), rstd: acts.pointer("ln_1.rstd", layer: l),
                             inp: residual, weight: weights(p + "ln_1.weight"), bias: weights(p + "ln_1.bias"), N: N, C: C, eps: eps)
            matmulForward(out: qkv, inp: ln1, weight: weights(p + "attn.c_attn.weight"), bias: weights(p + "attn.c_attn.bias"), N: N, C: C, OC: 3 * C)
            attentionForward(out: context, att: acts.pointer("attn.probabilities", layer: l), qkv: qkv, B: B, T: T, C: C, NH: NH)
            matmulForward(out: attnOut, inp: context, weight: weights(p + "attn.c_proj.weight"), bias: weights(p + "attn.c_proj.bias"), N: N, C: C, OC: C)
            residualForward(out: residual1, a: residual, b: attnOut, count: N * C)
            layerNormForward(out: ln2, mean: acts.pointer("ln_2.mean", layer: l), rstd: acts.pointer("ln_2.rstd", layer: l),
                             inp: residual1, weight: weights(p + "ln_2.weight"), bias: weights(p + "ln_2.bias"), N: N, C: C, eps: eps)
            matmulForward(out: fc, inp: ln2, weight: weights(p + "mlp.c_fc.weight"), bias: weights(p + "mlp.c_fc.bias"), N: N, C: C, OC: 4 * C)
            geluForward(out: gelu, inp: fc, count: N * 4 * C)
            matmulForward(out: mlpOut, inp: gelu, weight: weights(p + "mlp.c_proj.weight"), bias: weights(p + "mlp.c_proj.bias"), N: N, C: 4 * C, OC: C)
            residualForward(out: residual2, a: residual1, b: mlpOut, count: N * C)
        }
        let last = L == 0 ? acts.pointer("encoded") : acts.pointer("residual_2", layer: L - 1)
        layerNormForward(out: acts.pointer("ln_f"), mean: acts.pointer("ln_f.mean"), rstd: acts.pointer("ln_f.rstd"),
                         inp: last, weight: weights("ln_f.weight"), bias: weights("ln_f.bias"), N: N, C: C, eps: eps)
        return acts.pointer("ln_f")
    }

    /// tokens (B,T) -> logits (B,T,V) through the tied embedding. The buffer is reused by the next pass.
    @discardableResult
    public func forward(tokens: [Int32], B: Int, T: Int) throws -> UnsafeMutablePointer<Float> {
        if let logits = takeReusableLogits(tokens: tokens, B: B, T: T) { return logits }
        let hidden = try forwardHidden(tokens: tokens, B: B, T: T)
        let acts = try currentActivations()
        let C = config.embeddingWidth, V = config.vocabularySize
        // logits (BT,V) = hidden (BT,C) · wteᵀ
        BLAS.sgemm(transposeB: true, m: B * T, n: V, k: C, a: hidden, lda: C, b: weights("wte.weight"), ldb: C,
                   c: acts.pointer("logits"), ldc: V)
        return acts.pointer("logits")
    }

    /// dLogits (B,T,V) -> parameter gradients +=. dLogits may be the logits buffer itself.
    public func backward(dLogits: UnsafePointer<Float>) throws {
        let acts = try currentActivations()
        let C = config.embeddingWidth, V = config.vocabularySize, N = acts.B * acts.T
        let dHidden = acts.scratchPointer("dhidden")
        // dHidden (BT,C) = dLogits · wte ; dwte += dLogitsᵀ · hidden
        BLAS.sgemm(m: N, n: C, k: V, a: dLogits, lda: V, b: weights("wte.weight"), ldb: C, c: dHidden, ldc: C)
        BLAS.sgemm(transposeA: true, m: V, n: C, k: N, a: dLogits, lda: V, b: acts.pointer("ln_f"), ldb: C,
                   beta: 1, c: grads("wte.weight"), ldc: C)
        try backward(dHidden: dHidden)
    }

    /// dHidden (B,T,C) -> parameter gradients +=.
    public func backward(dHidden: UnsafePointer<Float>) throws {
        let acts = try currentActivations()
        let B = acts.B, T = acts.T, C = config.embeddingWidth, NH = config.headCount, L = config.layerCount, N = B * T
        let dResidual = acts.scratchPointer("dresidual"), dLn = acts.scratchPointer("dln")
        let dQKV = acts.scratchPointer("dqkv"), dContext = acts.scratchPointer("dcontext")
        let dFC = acts.scratchPointer("dfc"), dGELU = acts.scratchPointer("dgelu")
        let dFinal = acts.scratchPointer("dhidden")
        if UnsafePointer(dFinal) != dHidden { dFinal.update(from: dHidden, count: N * C) }
        dResidual.update(repeating: 0, count: N * C)
        let last = L == 0 ? acts.pointer("encoded") : acts.pointer("residual_2", layer: L - 1)
        layerNormBackward(dinp: dResidual, dweight: grads("ln_f.weight"), dbias: grads("ln_f.bias"), dout: dFinal,
                          inp: last, weight: weights("ln_f.weight"), mean: acts.pointer("ln_f.mean"), rstd: acts.pointer("ln_f.rstd"), N: N, C: C)
        // dResidual carries d(residual stream); each residual add passes it through unchanged,
        // so the branches' input gradients accumulate into it in place.
        for l in stride(from: L - 1, through: 0, by: -1) {
            let p = "h.\(l)."
            let residual = l == 0 ? acts.pointer("encoded") : acts.pointer("residual_2", layer: l - 1)
            // Each activation gradient below is written whole by its first producer (no zeroing pass).
            matmulBackward(dinp: dGELU, dweight: grads(p + "mlp.c_proj.weight"), dbias: grads(p + "mlp.c_proj.bias"), dout: dResidual,
                           inp: acts.pointer("mlp.gelu", layer: l), weight: weights(p + "mlp.c_proj.weight"), N: N, C: 4 * C, OC: C,
                           overwriteInputGradient: true)
            geluBackward(dinp: dFC, inp: acts.pointer("mlp.c_fc", layer: l), dout: dGELU, count: N * 4 * C, overwrite: true)
            matmulBackward(dinp: dLn, dweight: grads(p + "mlp.c_fc.weight"), dbias: grads(p + "mlp.c_fc.bias"), dout: dFC,
                           inp: acts.pointer("ln_2", layer: l), weight: weights(p + "mlp.c_fc.weight"), N: N, C: C, OC: 4 * C,
                           overwriteInputGradient: true)
            layerNormBackward(dinp: dResidual, dweight: grads(p + "ln_2.weight"), dbias: grads(p + "ln_2.bias"), dout: dLn,
                              inp: acts.pointer("residual_1", layer: l), weight: weights(p + "ln_2.weight"),
                              mean: acts.pointer("ln_2.mean", layer: l), rstd: acts.pointer("ln_2.rstd", layer: l), N: N, C: C)
            matmulBackward(dinp: dContext, dweight: grads(p + "attn.c_proj.weight"), dbias: grads(p + "attn.c_proj.bias"), dout: dResidual,
                           inp: acts.pointer("attn.context", layer: l), weight: weights(p + "attn.c_proj.weight"), N: N, C: C, OC: C,
                           overwriteInputGradient: true)
            dQKV.update(repeating: 0, count: N * 3 * C)
            attentionBackward(dqkv: dQKV, dout: dContext, qkv: acts.pointer("attn.c_attn", layer: l),
                              att: acts.pointer("attn.probabilities", layer: l), scratch: acts.scratchPointer("dscores"),
                              scratchBlocks: acts.attentionScratchBlocks, B: B, T: T, C: C, NH: NH)
            matmulBackward(dinp: dLn, dweight: grads(p + "attn.c_attn.weight"), dbias: grads(p + "attn.c_attn.bias"), dout: dQKV,
                           inp: acts.pointer("ln_1", layer: l), weight: weights(p + "attn.c_attn.weight"), N: N, C: C, OC: 3 * C,
                           overwriteInputGradient: true)
            layerNormBackward(dinp: dResidual, dweight: grads(p + "ln_1.weight"), dbias: grads(p + "ln_1.bias"), dout: dLn,
                              inp: residual, weight: weights(p + "ln_1.weight"),
                              mean: acts.pointer("ln_1.mean", layer: l), rstd: acts.pointer("ln_1.rstd", layer: l), N: N, C: C)
        }
        tokens.withUnsafeBufferPointer { ids in
            embeddingBackward(dwte: grads("wte.weight"), dwpe: grads("wpe.weight"), dout: dResidual, tokens: ids.baseAddress!, B: B, T: T, C: C)
        }
    }

    /// Mean next-token cross-entropy of the last forward pass over positions where `mask` is non-zero,
    /// with the gradient written into the logits buffer; then backward. targets (B,T), mask (B,T) or nil.
    @discardableResult
    public func languageModelLossAndBackward(targets: [Int32], mask: [Float]? = nil) throws -> Float {
        let acts = try currentActivations()
        let N = acts.B * acts.T, V = config.vocabularySize
        guard targets.count == N else { throw ModelError.shapeMismatch(tensor: "targets", expected: [acts.B, acts.T], found: [targets.count]) }
        if let mask, mask.count != N { throw ModelError.shapeMismatch(tensor: "mask", expected: [acts.B, acts.T], found: [mask.count]) }
        for (position, token) in targets.enumerated() where token < 0 || Int(token) >= V {
            throw ModelError.tokenOutOfRange(position: position, token: token, vocabularySize: V)
        }
        let logits = acts.pointer("logits")
        let rowLosses = acts.scratchPointer("dresidual")  // N floats of scratch, free until backward starts
        let loss = targets.withUnsafeBufferPointer { t in
            withOptionalPointer(mask) { m in
                crossEntropyForwardBackward(dlogits: logits, rowLosses: rowLosses, logits: logits, targets: t.baseAddress!, mask: m, N: N, V: V)
            }
        }
        try backward(dLogits: logits)
        return loss
    }

    private func currentActivations() throws -> GPTActivations {
        reusableForward = nil  // a backward pass may overwrite the logits in place
        guard let acts = activationsForBackward else { throw ModelError.backwardBeforeForward }
        return acts
    }
}

private func withOptionalPointer<R>(_ array: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0.baseAddress) }
}

extension GPT {
    /// log π(target | prefix) at every position: tokens (B,T), targets (B,T) -> (B,T). Forward only.
    public func tokenLogProbabilities(tokens: [Int32], targets: [Int32], B: Int, T: Int) throws -> [Float] {
        guard targets.count == B * T else { throw ModelError.shapeMismatch(tensor: "targets", expected: [B, T], found: [targets.count]) }
        for (position, token) in targets.enumerated() where token < 0 || Int(token) >= config.vocabularySize {
            throw ModelError.tokenOutOfRange(position: position, token: token, vocabularySize: config.vocabularySize)
        }
        let logits = try forward(tokens: tokens, B: B, T: T)
        var out = [Float](repeating: 0, count: B * T)
        targets.withUnsafeBufferPointer { t in
            Tensor.tokenLogProbabilities(out: &out, logits: logits, targets: t.baseAddress!, N: B * T, V: config.vocabularySize)
        }
        return out
    }
}
