import XCTest
@testable import Model
@testable import Tensor
@testable import Train

final class TrainerTests: XCTestCase {
    func repeatedStream(_ count: Int) -> [Int32] { (0..<count).map { Int32(($0 * 7) % 13) } }

    func testPackingSplitsTailAndSamplesValidWindows() throws {
        let tokens = (0..<1000).map(Int32.init)
        let data = try PackedTokens(tokens: tokens, heldOutFraction: 0.1, sequenceLength: 16)
        XCTAssertEqual(data.training.count, 900)
        XCTAssertEqual(data.heldOut.first, 900)
        var generator = Xoshiro256StarStar(seed: 1)
        let (inputs, targets) = data.sampleBatch(B: 3, T: 16, generator: &generator)
        XCTAssertEqual(inputs.count, 48)
        for i in 0..<48 { XCTAssertEqual(targets[i], inputs[i] + 1, "targets are the next tokens") }
        XCTAssertTrue(inputs.allSatisfy { $0 < 900 }, "training windows never reach the held-out tail")
        var again = Xoshiro256StarStar(seed: 1)
        XCTAssertEqual(data.sampleBatch(B: 3, T: 16, generator: &again).inputs, inputs, "same seed, same batch")
        XCTAssertEqual(data.heldOutWindows(T: 16, maxWindows: 100).count, 6)  // 100 held-out tokens → 6 full windows
        XCTAssertThrowsError(try PackedTokens(tokens: Array(tokens.prefix(10)), heldOutFraction: 0, sequenceLength: 16)) {
            XCTAssertEqual($0 as? TrainingError, .notEnoughTokens(available: 10, needed: 17))
        }
    }

    func testWindowsStartAtDocumentStartsWithASeparator() throws {
        // Documents 1 2 3 4 | 99 separates them; windows of 3 may start only at a document start.
        let tokens: [Int32] = [1, 2, 3, 4, 99, 5, 6, 7, 99, 8, 9, 99, 1, 2, 3, 4, 5, 6, 99, 7, 8, 9, 9]
        let data = try PackedTokens(tokens: tokens, heldOutFraction: 0, sequenceLength: 3, documentSeparator: 99)
        XCTAssertEqual(data.windowStarts, [0, 5, 9, 12, 19])
        var generator = Xoshiro256StarStar(seed: 2)
        for _ in 0..<50 {
            let batch = data.sampleBatch(B: 1, generator: &generator)
            XCTAssertTrue([[1, 2, 3], [5, 6, 7], [8, 9, 99], [7, 8, 9]].contains(batch.inputs), "\(batch.inputs)")
        }
        let edge = try PackedTokens(tokens: [1, 2, 3, 4], heldOutFraction: 0, sequenceLength: 3, documentSeparator: 99)
        XCTAssertEqual(edge.windowStarts, [0], "a stream exactly one window long")
    }

    func makeTrainer(steps: Int, seed: UInt64) throws -> (LanguageModelTrainer, PackedTokens) {
        var config = SFTConfig()
        config.steps = steps
        config.batchSize = 4
        config.sequenceLength = 16
        config.warmupSteps = 5
        config.learningRate = 3e-3
        config.seed = seed
        let model = try GPT(config: SFTConfig.namedArchitecture("tiny", vocabularySize: 13)!)
        var generator = Xoshiro256StarStar(seed: seed)
        model.initializeWeights(generator: &generator)
        let data = try PackedTokens(tokens: repeatedStream(4000), heldOutFraction: 0.1, sequenceLength: 16)
        return (LanguageModelTrainer(model: model, config: config), data)
    }

    func testTrainingLowersHeldOutLossAndIsDeterministic() throws {
        let (trainer, data) = try makeTrainer(steps: 60, seed: 4)
        let before = try XCTUnwrap(trainer.heldOutLoss(data: data))
        var losses: [Float] = []
        for step in 0..<60 { losses.append(try trainer.step(step, data: data).loss) }
        let after = try XCTUnwrap(trainer.heldOutLoss(data: data))
        XCTAssertGreaterThan(before, 2.0)  // about log 13 at initialisation
        XCTAssertLessThan(after, 0.3 * before)
        let (twin, _) = try makeTrainer(steps: 60, seed: 4)
        for step in 0..<60 { XCTAssertEqual(try twin.step(step, data: data).loss, losses[step], "step \(step)") }
        XCTAssertEqual(twin.model.parameters.array, trainer.model.parameters.array)
    }

    func testNonFiniteLossStopsWithTheStep() throws {
        let (trainer, data) = try makeTrainer(steps: 10, seed: 2)
        _ = try trainer.step(0, data: data)
        trainer.model.parameter("ln_f.weight")![0] = .nan
        XCTAssertThrowsError(try trainer.step(1, data: data)) {
            XCTAssertEqual($0 as? TrainingError, .nonFinite(step: 1, quantity: "loss"))
        }
    }
}
