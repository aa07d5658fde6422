// Eight-lane exp and tanh for the element-wise kernels. libm's scalar expf/tanhf were the largest
// cost outside sgemm (GELU alone took 45% of a world-model training step).

public enum VectorMath {
    /// eˣ, eight lanes (Cephes expf: x = n·ln2 + r, |r| ≤ ln2/2, degree-5 polynomial; relative error ~2e-7).
    /// Inputs are clamped to [−87, 88]: below, the result is ~1e-38 instead of a denormal; above, it would overflow.
    @inline(__always)
    public static func exp(_ input: SIMD8<Float>) -> SIMD8<Float> {
        var x = input
        x.replace(with: SIMD8(repeating: -87), where: x .< -87)
        x.replace(with: SIMD8(repeating: 88), where: x .> 88)
        let magic = SIMD8<Float>(repeating: 12_582_912)  // 1.5·2²³: adding it rounds to an integer
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_1e-1
        p = p * r * r + r + 1
        // 2ⁿ from n's integer bits, which sit in the low mantissa bits of `shifted`.
        let bits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127
        return p * unsafeBitCast(bits &<< 23, to: SIMD8<Float>.self)
    }

    /// tanh(x) = 1 − 2/(e²ˣ + 1), eight lanes; absolute error below 1e-7.
    @inline(__always)
    public static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        var doubled = x + x
        doubled.replace(with: SIMD8(repeating: -20), where: doubled .< -20)  // tanh is ±1 in fp32 beyond |x| = 9
        doubled.replace(with: SIMD8(repeating: 20), where: doubled .> 20)
        return 1 - 2 / (exp(doubled) + 1)
    }

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
    }
}
