import XCTest
@testable import Tensor

/// Every kernel's backward against finite differences of its forward.
final class KernelGradientTests: XCTestCase {
    func testLayerNormGradients() {
        let N = 3, C = 5
        let inp = GradientCheck.randomValues(N * C, seed: 1)
        let weight = GradientCheck.randomValues(C, seed: 2), bias = GradientCheck.randomValues(C, seed: 3)
        let dout = GradientCheck.randomValues(N * C, seed: 4)
        func run(_ x: [Float], _ w: [Float], _ b: [Float]) -> (out: [Float], mean: [Float], rstd: [Float]) {
            var out = [Float](repeating: 0, count: N * C), mean = [Float](repeating: 0, count: N), rstd = mean
            layerNormForward(out: &out, mean: &mean, rstd: &rstd, inp: x, weight: w, bias: b, N: N, C: C, eps: 1e-5)
            return (out, mean, rstd)
        }
        func grads(_ x: [Float], _ w: [Float], _ b: [Float], _ dy: [Float]) -> (dx: [Float], dw: [Float], db: [Float]) {
            let (_, mean, rstd) = run(x, w, b)
            var dx = [Float](repeating: 0, count: N * C), dw = [Float](repeating: 0, count: C), db = dw
            layerNormBackward(dinp: &dx, dweight: &dw, dbias: &db, dout: dy, inp: x, weight: w, mean: mean, rstd: rstd, N: N, C: C)
            return (dx, dw, db)
        }
        GradientCheck.check(inputs: inp, outputWeights: dout, forward: { run($0, weight, bias).out }, backward: { grads($0, weight, bias, $1).dx })
        GradientCheck.check(inputs: weight, outputWeights: dout, forward: { run(inp, $0, bias).out }, backward: { grads(inp, $0, bias, $1).dw })
        GradientCheck.check(inputs: bias, outputWeights: dout, forward: { run(inp, weight, $0).out }, backward: { grads(inp, weight, $0, $1).db })
    }

    func testMatmulGradients() {
        let N = 4, C = 3, OC = 5
        let inp = GradientCheck.randomValues(N * C, seed: 5), weight = GradientCheck.randomValues(C * OC, seed: 6)
        let bias = GradientCheck.randomValues(OC, seed: 7), dout = GradientCheck.randomValues(N * OC, seed: 8)
        func run(_ x: [Float], _ w: [Float], _ b: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: N * OC)
            matmulForward(out: &out, inp: x, weight: w, bias: b, N: N, C: C, OC: OC)
            return out
        }
        func grads(_ x: [Float], _ w: [Float], _ dy: [Float]) -> (dx: [Float], dw: [Float], db: [Float]) {
            var dx = [Float](repeating: 0, count: N * C), dw = [Float](repeating: 0, count: C * OC), db = [Float](repeating: 0, count: OC)
            matmulBackward(dinp: &dx, dweight: &dw, dbias: &db, dout: dy, inp: x, weight: w, N: N, C: C, OC: OC)
            return (dx, dw, db)
        }
        // Hand-computed forward: out[0][0] = Σc inp[0][c]·w[c][0] + b[0].
        let expected = (0..<C).reduce(bias[0]) { $0 + inp[$1] * weight[$1 * OC] }
        XCTAssertEqual(run(inp, weight, bias)[0], expected, accuracy: 1e-5)
        GradientCheck.check(inputs: inp, outputWeights: dout, forward: { run($0, weight, bias) }, backward: { grads($0, weight, $1).dx })
        GradientCheck.check(inputs: weight, outputWeights: dout, forward: { run(inp, $0, bias) }, backward: { grads(inp, $0, $1).dw })
        GradientCheck.check(inputs: bias, outputWeights: dout, forward: { run(inp, weight, $0) }, backward: { grads(inp, weight, $1).db })
    }

    func testGELUGradientAndValues() {
        let inp = GradientCheck.randomValues(16, seed: 9, scale: 2), dout = GradientCheck.randomValues(16, seed: 10)
        func run(_ x: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: x.count)
            geluForward(out: &out, inp: x, count: x.count)
            return out
        }
        // Values of the tanh form computed by hand: gelu(0) = 0, gelu(1) ≈ 0.841192, gelu(−1) ≈ −0.158808.
        let values = run([0, 1, -1])
        XCTAssertEqual(values[0], 0, accuracy: 1e-7)
        XCTAssertEqual(values[1], 0.841192, accuracy: 1e-5)
        XCTAssertEqual(values[2], -0.158808, accuracy: 1e-5)
        GradientCheck.check(inputs: inp, outputWeights: dout, forward: run, backward: { x, dy in
            var dx = [Float](repeating: 0, count: x.count)
            geluBackward(dinp: &dx, inp: x, dout: dy, count: x.count)
            return dx
        })
    }

    func testResidualGradients() {
        let a = GradientCheck.randomValues(6, seed: 11), b = GradientCheck.randomValues(6, seed: 12), dout = GradientCheck.randomValues(6, seed: 13)
        func run(_ x: [Float], _ y: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: x.count)
            residualForward(out: &out, a: x, b: y, count: x.count)
            return out
        }
        func grads(_ dy: [Float]) -> (da: [Float], db: [Float]) {
            var da = [Float](repeating: 0, count: dy.count), db = da
            residualBackward(da: &da, db: &db, dout: dy, count: dy.count)
            return (da, db)
        }
        GradientCheck.check(inputs: a, outputWeights: dout, forward: { run($0, b) }, backward: { grads($1).da })
        GradientCheck.check(inputs: b, outputWeights: dout, forward: { run(a, $0) }, backward: { grads($1).db })
    }

    func testEmbeddingGradients() {
        let B = 2, T = 3, C = 4, V = 5
        let tokens: [Int32] = [1, 4, 1, 0, 2, 4]  // repeated ids: gradients must accumulate
        let wte = GradientCheck.randomValues(V * C, seed: 14), wpe = GradientCheck.randomValues(T * C, seed: 15)
        let dout = GradientCheck.randomValues(B * T * C, seed: 16)
        func run(_ te: [Float], _ pe: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: B * T * C)
            embeddingForward(out: &out, tokens: tokens, wte: te, wpe: pe, B: B, T: T, C: C)
            return out
        }
        func grads(_ dy: [Float]) -> (dte: [Float], dpe: [Float]) {
            var dte = [Float](repeating: 0, count: V * C), dpe = [Float](repeating: 0, count: T * C)
            embeddingBackward(dwte: &dte, dwpe: &dpe, dout: dy, tokens: tokens, B: B, T: T, C: C)
            return (dte, dpe)
        }
        GradientCheck.check(inputs: wte, outputWeights: dout, forward: { run($0, wpe) }, backward: { grads($1).dte })
        GradientCheck.check(inputs: wpe, outputWeights: dout, forward: { run(wte, $0) }, backward: { grads($1).dpe })
    }

    func testAttentionGradientsAndCausality() {
        let B = 2, T = 4, C = 6, NH = 2
        let qkv = GradientCheck.randomValues(B * T * 3 * C, seed: 17), dout = GradientCheck.randomValues(B * T * C, seed: 18)
        func run(_ x: [Float]) -> (out: [Float], att: [Float]) {
            var out = [Float](repeating: 0, count: B * T * C), att = [Float](repeating: 0, count: B * NH * T * T)
            attentionForward(out: &out, att: &att, qkv: x, B: B, T: T, C: C, NH: NH)
            return (out, att)
        }
        GradientCheck.check(inputs: qkv, outputWeights: dout, forward: { run($0).out }, backward: { x, dy in
            let att = run(x).att
            var dx = [Float](repeating: 0, count: x.count), scratch = [Float](repeating: 0, count: T * T)
            attentionBackward(dqkv: &dx, dout: dy, qkv: x, att: att, scratch: &scratch, B: B, T: T, C: C, NH: NH)
            return dx
        })
        // Causality: changing the last token's keys and values leaves earlier outputs unchanged.
        var changed = qkv
        for i in (C)..<(3 * C) { changed[(T - 1) * 3 * C + i] += 1 }
        let before = run(qkv).out, after = run(changed).out
        for i in 0..<((T - 1) * C) { XCTAssertEqual(before[i], after[i], accuracy: 1e-6) }
        XCTAssertNotEqual(before[(T - 1) * C], after[(T - 1) * C])
    }
}
