import Foundation
import XCTest
@testable import Model
@testable import Optimize
@testable import Tensor

/// DPO and IPO (plain and length-normalized) on the tiny GPT-2 fixture against PyTorch autograd
/// (Tests/Fixtures/generate/dpo_reference.py): loss, TRL's implicit-reward figures and parameter
/// gradients of a padded batch of pairs of different lengths.
final class DPOReferenceTests: XCTestCase {
    struct Reference: Decodable {
        struct Pair: Decodable { var prompt: [Int32]; var chosen: [Int32]; var rejected: [Int32] }
        struct Case: Decodable {
            var name: String
            var lossType: String
            var beta: Double
            var lengthNormalized: Bool
            var loss: Double
            var chosenReward, rejectedReward, accuracy, margin, chosenLogProb, rejectedLogProb: Double

            enum CodingKeys: String, CodingKey {
                case name, beta, loss
                case lossType = "loss_type"
                case lengthNormalized = "length_normalized"
                case chosenReward = "rewards/chosen"
                case rejectedReward = "rewards/rejected"
                case accuracy = "rewards/accuracies"
                case margin = "rewards/margins"
                case chosenLogProb = "logps/chosen"
                case rejectedLogProb = "logps/rejected"
            }
        }
        var pairs: [Pair]
        var referenceChosen: [Double]
        var referenceRejected: [Double]
        var policyChosen: [Double]
        var policyRejected: [Double]
        var gradientTensors: [String]
        var cases: [Case]

        enum CodingKeys: String, CodingKey {
            case pairs, cases
            case referenceChosen = "reference_chosen"
            case referenceRejected = "reference_rejected"
            case policyChosen = "policy_chosen"
            case policyRejected = "policy_rejected"
            case gradientTensors = "gradient_tensors"
        }
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    func testLossesFiguresAndGradientsMatchPyTorch() throws {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("dpo/reference.json")))
        let (gradients, _) = try Safetensors.read(contentsOf: Self.fixtures.appendingPathComponent("dpo/gradients.safetensors"))
        let model = try ModelDirectory.loadGPT(from: Self.fixtures.appendingPathComponent("gpt2-tiny/model"))
        let pairs = reference.pairs.enumerated().map { i, p in DPOPair(prompt: p.prompt, chosen: p.chosen, rejected: p.rejected, line: i + 1) }
        let referenceChosen = reference.referenceChosen.map(Float.init), referenceRejected = reference.referenceRejected.map(Float.init)

        // The sequence log-probs of the padded batch against the unpadded ones of the reference.
        let batch = try CompletionBatch(pairs: pairs, padding: 63, contextLength: model.config.contextLength)
        let sums = try model.completionLogProbabilities(batch).sequenceLogProbs
        for (swift, python) in zip(sums, reference.policyChosen + reference.policyRejected) {
            XCTAssertEqual(Double(swift), python, accuracy: 1e-4)
        }

        XCTAssertEqual(reference.cases.count, 4)
        for testCase in reference.cases {
            var config = DPOConfig(method: DPOLossKind(rawValue: testCase.lossType)!)
            config.beta = testCase.beta
            config.lengthNormalized = testCase.lengthNormalized
            let data = DPOPreferenceData(training: pairs, heldOut: [])
            let cache = ReferenceLogProbs(training: .init(chosen: referenceChosen, rejected: referenceRejected, chosenTokens: [], rejectedTokens: []),
                                          heldOut: .init(chosen: [], rejected: [], chosenTokens: [], rejectedTokens: []))
            let trainer = DPOTrainer(model: model, config: config, data: data, reference: cache, padding: 63)
            let (figures, _) = try trainer.lossAndGradients(pairs: pairs, referenceChosen: referenceChosen, referenceRejected: referenceRejected)
            let name = testCase.name
            XCTAssertEqual(Double(figures.loss), testCase.loss, accuracy: 1e-4 * max(1, abs(testCase.loss)), name)
            let pairsOfFigures: [(String, Float, Double)] = [
                ("rewards/chosen", figures.chosenReward, testCase.chosenReward), ("rewards/rejected", figures.rejectedReward, testCase.rejectedReward),
                ("rewards/accuracies", figures.accuracy, testCase.accuracy), ("rewards/margins", figures.margin, testCase.margin),
                ("logps/chosen", figures.chosenLogProb, testCase.chosenLogProb), ("logps/rejected", figures.rejectedLogProb, testCase.rejectedLogProb)]
            for (key, swift, python) in pairsOfFigures {
                XCTAssertEqual(Double(swift), python, accuracy: 1e-4 * max(1, abs(python)), "\(name) \(key)")
            }
            var compared = 0
            for tensorName in reference.gradientTensors {
                let python = try XCTUnwrap(gradients["\(name)/\(tensorName)"], tensorName)
                let swift = try XCTUnwrap(model.gradient(tensorName), tensorName)
                let scale = python.values.map { abs($0) }.max() ?? 0
                XCTAssertGreaterThan(scale, 0, "\(name) \(tensorName) has no gradient to compare")
                for i in python.values.indices {
                    XCTAssertEqual(swift[i], python.values[i], accuracy: 1e-4 * scale + 1e-6, "\(name) \(tensorName)[\(i)]")
                    compared += 1
                }
            }
            XCTAssertGreaterThan(compared, 5000)
        }
    }
}
