import Tensor

/// One training batch: inputs and next-token targets (B,T), and the loss mask (B,T) or nil for all ones.
public struct TrainingBatch: Sendable {
    public var inputs: [Int32]
    public var targets: [Int32]
    public var mask: [Float]?
    public var B: Int
    public var T: Int
}

/// A source of batches whose random choices all come from the generator it is given,
/// so a checkpoint of that generator resumes the same data order.
public protocol TrainingData {
    var tokenCount: Int { get }
    var heldOutTokenCount: Int { get }
    func sampleBatch(B: Int, generator: inout Xoshiro256StarStar) -> TrainingBatch
    /// Fixed batches for the held-out loss.
    func heldOutBatches(B: Int, maxBatches: Int) -> [TrainingBatch]
}
