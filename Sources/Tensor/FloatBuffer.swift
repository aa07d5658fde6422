/// A contiguous, zero-initialised Float32 buffer, allocated once and reused.
///
/// Kernels take its raw pointer; the class only owns the memory.
public final class FloatBuffer: @unchecked Sendable {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    public init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    public convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { pointer.deallocate() }

    public func zero() { pointer.update(repeating: 0, count: count) }

    public var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    public subscript(index: Int) -> Float {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }
}

/// The shape and place of one named tensor inside a flat buffer.
public struct TensorSpec: Equatable, Sendable {
    public let name: String
    public let shape: [Int]
    public let offset: Int
    public var count: Int { shape.reduce(1, *) }
}

/// Named views over one flat buffer (llm.c's "one parameter buffer"): optimizer,
/// checkpoint and gradient-norm code are each a single loop over `specs`.
public struct TensorLayout: Sendable {
    public private(set) var specs: [TensorSpec] = []
    public private(set) var totalCount = 0
    private var indexByName: [String: Int] = [:]

    public init() {}

    /// Appends a tensor after the previous ones and returns its offset.
    @discardableResult
    public mutating func append(_ name: String, _ shape: [Int]) -> Int {
        let spec = TensorSpec(name: name, shape: shape, offset: totalCount)
        indexByName[name] = specs.count
        specs.append(spec)
        totalCount += spec.count
        return spec.offset
    }

    public func spec(named name: String) -> TensorSpec? {
        indexByName[name].map { specs[$0] }
    }
}
