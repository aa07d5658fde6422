import Tensor

/// A forward pass kept for one reuse: its shape, tokens and a fingerprint of the weights it ran with.
struct ReusableForward {
    let B: Int, T: Int
    let tokens: [Int32]
    let parameterFingerprint: UInt64
}

extension GPT {
    /// Offers the last `forward` pass for reuse, once: the next `forward(tokens:B:T:)` with the same
    /// tokens and shape returns its logits (bit for bit what recomputing would give) instead of running
    /// the model again, provided the weights are unchanged (their fingerprint is compared) and no other
    /// pass ran in between (any forward or backward withdraws the offer).
    ///
    /// The online loop scores a rollout with the policy and then, with the same weights, runs the
    /// update's forward over the same batch: with one pass per rollout, that forward is this one.
    public func offerLastForwardForReuse() {
        guard let acts = activationsForBackward else { return }
        reusableForward = ReusableForward(B: acts.B, T: acts.T, tokens: tokens, parameterFingerprint: parameterFingerprint())
    }

    /// The logits of the offered forward pass when it matches (and the offer is withdrawn either way).
    func takeReusableLogits(tokens newTokens: [Int32], B: Int, T: Int) -> UnsafeMutablePointer<Float>? {
        guard let offer = reusableForward else { return nil }
        reusableForward = nil
        guard offer.B == B, offer.T == T, offer.tokens == newTokens, let acts = activationsForBackward,
              acts.B == B, acts.T == T, offer.parameterFingerprint == parameterFingerprint() else { return nil }
        return acts.pointer("logits")
    }

    /// A 64-bit hash of every parameter's bits (eight multiply–xor lanes, then mixed): one read of the
    /// weights, a small fraction of a forward pass.
    func parameterFingerprint() -> UInt64 {
        let count = parameters.count
        let words = UnsafeRawPointer(parameters.pointer)
        var lanes = SIMD8<UInt64>(repeating: 0x9E37_79B9_7F4A_7C15) &+ SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
        let prime = SIMD8<UInt64>(repeating: 0x0000_0100_0000_01B3)
        var i = 0
        while i + 8 <= count {
            let bits = SIMD8<UInt64>(truncatingIfNeeded: words.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<UInt32>.self))
            lanes = (lanes ^ bits) &* prime
            i += 8
        }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for lane in 0..<8 { hash = (hash ^ lanes[lane]) &* 0x0000_0100_0000_01B3 }
        while i < count {
            hash = (hash ^ UInt64(words.load(fromByteOffset: i * 4, as: UInt32.self))) &* 0x0000_0100_0000_01B3
            i += 1
        }
        return hash
    }
}
