import Tensor

/// A token stream split into a training head and a held-out tail, cut into (T+1)-token windows.
/// With a document separator, training windows start at document starts (right after the separator),
/// the position a prompt has when the model is later sampled.
public struct PackedTokens: TrainingData, Sendable {
    public let training: [Int32]
    public let heldOut: [Int32]
    public let sequenceLength: Int
    /// Offsets where training windows may start; empty means anywhere.
    let windowStarts: [Int]
    public var tokenCount: Int { training.count + heldOut.count }
    public var heldOutTokenCount: Int { heldOut.count }

    public init(tokens: [Int32], heldOutFraction: Double, sequenceLength: Int, documentSeparator: Int32? = nil) throws {
        let heldOutCount = min(tokens.count, Int(Double(tokens.count) * heldOutFraction))
        training = Array(tokens.dropLast(heldOutCount))
        heldOut = Array(tokens.suffix(heldOutCount))
        self.sequenceLength = sequenceLength
        guard training.count > sequenceLength else {
            throw TrainingError.notEnoughTokens(available: training.count, needed: sequenceLength + 1)
        }
        let lastStart = training.count - sequenceLength - 1
        if let documentSeparator {
            let training = training
            windowStarts = [0] + stride(from: 1, through: lastStart, by: 1).filter { training[$0 - 1] == documentSeparator }
        } else {
            windowStarts = []
        }
    }

    /// B windows at random offsets: inputs (B,T) and next-token targets (B,T).
    public func sampleBatch(B: Int, T: Int, generator: inout Xoshiro256StarStar) -> (inputs: [Int32], targets: [Int32]) {
        var inputs = [Int32](), targets = [Int32]()
        inputs.reserveCapacity(B * T)
        targets.reserveCapacity(B * T)
        for _ in 0..<B {
            let start = windowStarts.isEmpty || T != sequenceLength
                ? Int(generator.next() % UInt64(training.count - T))
                : windowStarts[Int(generator.next() % UInt64(windowStarts.count))]
            inputs.append(contentsOf: training[start..<(start + T)])
            targets.append(contentsOf: training[(start + 1)...(start + T)])
        }
        return (inputs, targets)
    }

    public func sampleBatch(B: Int, generator: inout Xoshiro256StarStar) -> TrainingBatch {
        let (inputs, targets) = sampleBatch(B: B, T: sequenceLength, generator: &generator)
        return TrainingBatch(inputs: inputs, targets: targets, mask: nil, B: B, T: sequenceLength)
    }

    public func heldOutBatches(B: Int, maxBatches: Int) -> [TrainingBatch] {
        let windows = heldOutWindows(T: sequenceLength, maxWindows: B * maxBatches)
        return stride(from: 0, to: windows.count, by: B).map { start in
            let group = windows[start..<min(start + B, windows.count)]
            return TrainingBatch(inputs: group.flatMap(\.inputs), targets: group.flatMap(\.targets), mask: nil, B: group.count, T: sequenceLength)
        }
    }

    /// Consecutive non-overlapping held-out windows, at most `maxWindows` of them.
    public func heldOutWindows(T: Int, maxWindows: Int) -> [(inputs: [Int32], targets: [Int32])] {
        guard heldOut.count > T else { return [] }
        return stride(from: 0, to: heldOut.count - T, by: T).prefix(maxWindows).map { start in
            (Array(heldOut[start..<(start + T)]), Array(heldOut[(start + 1)...(start + T)]))
        }
    }
}
