import Tensor

/// A token stream split into a training head and a held-out tail, cut into (T+1)-token windows.
public struct PackedTokens: Sendable {
    public let training: [Int32]
    public let heldOut: [Int32]

    public init(tokens: [Int32], heldOutFraction: Double, sequenceLength: Int) throws {
        let heldOutCount = min(tokens.count, Int(Double(tokens.count) * heldOutFraction))
        training = Array(tokens.dropLast(heldOutCount))
        heldOut = Array(tokens.suffix(heldOutCount))
        guard training.count > sequenceLength else {
            throw TrainingError.notEnoughTokens(available: training.count, needed: sequenceLength + 1)
        }
    }

    /// B windows at random offsets: inputs (B,T) and next-token targets (B,T).
    public func sampleBatch(B: Int, T: Int, generator: inout Xoshiro256StarStar) -> (inputs: [Int32], targets: [Int32]) {
        var inputs = [Int32](), targets = [Int32]()
        inputs.reserveCapacity(B * T)
        targets.reserveCapacity(B * T)
        for _ in 0..<B {
            let start = Int(generator.next() % UInt64(training.count - T))
            inputs.append(contentsOf: training[start..<(start + T)])
            targets.append(contentsOf: training[(start + 1)...(start + T)])
        }
        return (inputs, targets)
    }

    /// Consecutive non-overlapping held-out windows, at most `maxWindows` of them.
    public func heldOutWindows(T: Int, maxWindows: Int) -> [(inputs: [Int32], targets: [Int32])] {
        guard heldOut.count > T else { return [] }
        return stride(from: 0, to: heldOut.count - T, by: T).prefix(maxWindows).map { start in
            (Array(heldOut[start..<(start + T)]), Array(heldOut[(start + 1)...(start + T)]))
        }
    }
}
