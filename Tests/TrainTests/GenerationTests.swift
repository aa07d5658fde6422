import Foundation
import XCTest
@testable import Model
@testable import Tensor
@testable import Train

final class GenerationTests: XCTestCase {
    static let vocabularySize = 29

    func makeModel(contextLength: Int = 32) throws -> GPT {
        let model = try GPT(config: GPTConfig(vocabularySize: Self.vocabularySize, contextLength: contextLength,
                                              layerCount: 2, headCount: 2, embeddingWidth: 16))
        var generator = Xoshiro256StarStar(seed: 21)
        model.initializeWeights(generator: &generator)
        // Larger embeddings give peaked, varied next-token distributions, so top-k and top-p cut something.
        for i in 0..<(Self.vocabularySize * 16) { model.parameters.pointer[i] *= 40 }
        return model
    }

    let prompts: [[Int32]] = [[1, 2, 3, 4, 5, 6, 7], [8], [9, 10, 11], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]]

    /// log π of every token of the finished sequences from one full forward pass each.
    func fullForwardLogProbabilities(_ model: GPT, prompt: [Int32], completion: [Int32]) throws -> [Float] {
        let sequence = prompt + completion
        let T = sequence.count - 1
        let all = try model.tokenLogProbabilities(tokens: Array(sequence[0..<T]), targets: Array(sequence[1...]), B: 1, T: T)
        return Array(all.suffix(completion.count))
    }

    func testModelLogProbabilitiesEqualTheFullForwardPass() throws {
        let model = try makeModel()
        let config = SamplingConfig(temperature: 0.7, topK: 12, topP: 0.9, maxNewTokens: 14, stopAtEndOfText: false, seed: 3)
        let sampled = try Sampler(model: model, config: config, batchSize: 4).generate(prompts: prompts)
        var differingFromSampling = 0
        for (prompt, sequence) in zip(prompts, sampled) {
            XCTAssertEqual(sequence.tokens.count, 14)
            XCTAssertEqual(sequence.finishReason, .maxTokens)
            let reference = try fullForwardLogProbabilities(model, prompt: prompt, completion: sequence.tokens)
            for (cached, full) in zip(sequence.logProbabilities, reference) { XCTAssertEqual(cached, full, accuracy: 1e-4) }
            for (model, sampling) in zip(sequence.logProbabilities, sequence.samplingLogProbabilities) {
                XCTAssertLessThanOrEqual(sampling, 0)
                if abs(model - sampling) > 1e-3 { differingFromSampling += 1 }
            }
        }
        XCTAssertGreaterThan(differingFromSampling, 10, "temperature and truncation change the sampling log-probabilities")
    }

    func testSameSeedSameSamplesWhateverTheBatchSize() throws {
        let model = try makeModel()
        let config = SamplingConfig(temperature: 1.2, topP: 0.95, maxNewTokens: 10, stopAtEndOfText: false, seed: 9)
        let first = try Sampler(model: model, config: config, batchSize: 4).generate(prompts: prompts)
        let again = try Sampler(model: model, config: config, batchSize: 4).generate(prompts: prompts)
        XCTAssertEqual(first, again)
        let oneByOne = try Sampler(model: model, config: config, batchSize: 1).generate(prompts: prompts)
        XCTAssertEqual(first.map(\.tokens), oneByOne.map(\.tokens), "a sample depends on seed and stream, not on the batch")
        var other = config
        other.seed = 10
        let otherSeed = try Sampler(model: model, config: other, batchSize: 4).generate(prompts: prompts)
        XCTAssertNotEqual(first.map(\.tokens), otherSeed.map(\.tokens))
        let repeated = try Sampler(model: model, config: config).generate(prompts: [prompts[0], prompts[0]])
        XCTAssertNotEqual(repeated[0].tokens, repeated[1].tokens, "two streams of one prompt differ")
    }

    func testGreedyIsTheArgmaxOfTheFullForwardAtEveryStep() throws {
        let model = try makeModel()
        let V = Self.vocabularySize
        let greedy = try Sampler(model: model, config: SamplingConfig(temperature: 0, maxNewTokens: 12, stopAtEndOfText: false))
            .generate(prompts: prompts)
        for (prompt, sequence) in zip(prompts, greedy) {
            var prefix = prompt
            for token in sequence.tokens {
                let logits = try model.forward(tokens: prefix, B: 1, T: prefix.count)
                let last = Array(UnsafeBufferPointer(start: logits + (prefix.count - 1) * V, count: V))
                XCTAssertEqual(Int(token), last.indices.max { last[$0] < last[$1] })
                prefix.append(token)
            }
            XCTAssertEqual(sequence.samplingLogProbabilities, [Float](repeating: 0, count: 12), "a point mass")
        }
        let topOne = try Sampler(model: model, config: SamplingConfig(temperature: 0.8, topK: 1, maxNewTokens: 12, stopAtEndOfText: false, seed: 5))
            .generate(prompts: prompts)
        XCTAssertEqual(topOne.map(\.tokens), greedy.map(\.tokens), "top-k = 1 is greedy")
        for sequence in topOne { for value in sequence.samplingLogProbabilities { XCTAssertEqual(value, 0, accuracy: 1e-6) } }
    }

    /// probabilities 0.5, 0.25, 0.15, 0.07, 0.03 (token ids shuffled): the nucleus is the smallest head reaching p.
    func testTopPKeepsTheSmallestSetReachingP() throws {
        let probabilities: [Double] = [0.07, 0.5, 0.03, 0.15, 0.25]
        let logits = probabilities.map { Float(log($0)) }
        func kept(_ p: Float, topK: Int? = nil) throws -> [(token: Int32, probability: Double)] {
            try TokenChooser(config: SamplingConfig(topK: topK, topP: p), vocabularySize: 5).distribution(logits: logits)
        }
        XCTAssertEqual(try kept(0.4).map(\.token), [1])
        XCTAssertEqual(try kept(0.7).map(\.token), [1, 4])
        XCTAssertEqual(try kept(0.76).map(\.token), [1, 4, 3])
        XCTAssertEqual(try kept(0.95).map(\.token), [1, 4, 3, 0])  // 0.97 reaches 0.95
        XCTAssertEqual(try kept(0.98).map(\.token), [1, 4, 3, 0, 2])
        XCTAssertEqual(try kept(1).map(\.token), [1, 4, 3, 0, 2])
        let three = try kept(0.76)
        for (entry, expected) in zip(three, [0.5 / 0.9, 0.25 / 0.9, 0.15 / 0.9]) { XCTAssertEqual(entry.probability, expected, accuracy: 1e-6) }
        // top-k first, then top-p on the renormalized top-k: {0.5, 0.25}/0.75 → 0.667 reaches 0.6 alone.
        XCTAssertEqual(try kept(0.6, topK: 2).map(\.token), [1])
        XCTAssertEqual(try kept(0.7, topK: 2).map(\.token), [1, 4])
        let topK = try kept(1, topK: 3)
        XCTAssertEqual(topK.map(\.token), [1, 4, 3])
        XCTAssertEqual(topK[2].probability, 0.15 / 0.9, accuracy: 1e-6)
        // Temperature 0.5 squares the probabilities before renormalizing.
        let cold = try TokenChooser(config: SamplingConfig(temperature: 0.5), vocabularySize: 5).distribution(logits: logits)
        let squares = probabilities.map { $0 * $0 }, squareSum = squares.reduce(0, +)
        XCTAssertEqual(cold[0].probability, 0.25 / squareSum, accuracy: 1e-6)
    }

    /// Draw frequencies follow the reported distribution, and each draw reports its own log-probabilities.
    func testDrawsFollowTheSamplingDistribution() throws {
        let logits: [Float] = [0.3, 2.0, -1.0, 1.1, 1.6, -3.0]
        let chooser = try TokenChooser(config: SamplingConfig(temperature: 0.9, topK: 4, topP: 0.9), vocabularySize: 6)
        let distribution = chooser.distribution(logits: logits)
        var counts = [Int32: Int](), generator = Xoshiro256StarStar(seed: 1)
        let draws = 40_000
        let modelLogNormalizer = log(logits.map { exp(Double($0)) }.reduce(0, +))
        for _ in 0..<draws {
            let choice = logits.withUnsafeBufferPointer { chooser.choose(logits: $0.baseAddress!, generator: &generator) }
            counts[choice.token, default: 0] += 1
            let expected = distribution.first { $0.token == choice.token }!.probability
            XCTAssertEqual(Double(choice.samplingLogProbability), log(expected), accuracy: 1e-5)
            XCTAssertEqual(Double(choice.logProbability), Double(logits[Int(choice.token)]) - modelLogNormalizer, accuracy: 1e-5)
        }
        XCTAssertEqual(Set(counts.keys), Set(distribution.map(\.token)), "only kept tokens are drawn")
        for entry in distribution {
            XCTAssertEqual(Double(counts[entry.token] ?? 0) / Double(draws), entry.probability, accuracy: 0.01)
        }
    }

    func testStopsAtEndOfTextAndRespectsLimits() throws {
        let model = try makeModel(contextLength: 16)
        let greedy = SamplingConfig(temperature: 0, maxNewTokens: 6, stopAtEndOfText: false)
        let free = try Sampler(model: model, config: greedy).generate(prompts: [[3, 4, 5]])[0]
        XCTAssertEqual(free.tokens.count, 6)
        XCTAssertEqual(free.finishReason, .maxTokens)
        // Declare the third greedy token the end of text: the sequence stops right after it, keeping it.
        var stopping = greedy
        stopping.stopAtEndOfText = true
        stopping.endOfTextID = free.tokens[2]
        let stopped = try Sampler(model: model, config: stopping).generate(prompts: [[3, 4, 5]])[0]
        let firstStop = free.tokens.firstIndex(of: free.tokens[2])!
        XCTAssertEqual(stopped.tokens, Array(free.tokens[...firstStop]))
        XCTAssertEqual(stopped.finishReason, .endOfText)
        // A 14-token prompt in a 16-position context: tokens 1 and 2 are fed back, token 3 has no position.
        var long = greedy
        long.maxNewTokens = 10
        let full = try Sampler(model: model, config: long).generate(prompts: [Array(repeating: 7, count: 14), [1]])
        XCTAssertEqual(full[0].tokens.count, 3)
        XCTAssertEqual(full[0].finishReason, .contextFull)
        XCTAssertEqual(full[1].tokens.count, 10)
    }

    func testBadPromptsAndSettingsAreTypedErrors() throws {
        let model = try makeModel(contextLength: 16)
        let sampler = try Sampler(model: model, config: SamplingConfig(maxNewTokens: 4))
        XCTAssertThrowsError(try sampler.generate(prompts: [[1], Array(repeating: 2, count: 17)])) {
            XCTAssertEqual($0 as? GenerationError, .promptTooLong(index: 1, length: 17, contextLength: 16))
        }
        XCTAssertThrowsError(try sampler.generate(prompts: [[]])) { XCTAssertEqual($0 as? GenerationError, .emptyPrompt(index: 0)) }
        XCTAssertThrowsError(try sampler.generate(prompts: [[1, 29]])) {
            XCTAssertEqual($0 as? GenerationError, .promptTokenOutOfRange(index: 0, position: 1, token: 29, vocabularySize: 29))
        }
        XCTAssertThrowsError(try sampler.generate(prompts: [[1]], streams: [1, 2])) {
            XCTAssertEqual($0 as? GenerationError, .streamCountMismatch(prompts: 1, streams: 2))
        }
        let bad: [(SamplingConfig, String)] = [
            (SamplingConfig(temperature: -1), "temperature"), (SamplingConfig(topK: 0), "top_k"), (SamplingConfig(topP: 0), "top_p"),
            (SamplingConfig(topP: 1.5), "top_p"), (SamplingConfig(maxNewTokens: 0), "max_new_tokens"),
            (SamplingConfig(endOfTextID: 29), "end_of_text_id"),
        ]
        for (config, name) in bad {
            XCTAssertThrowsError(try Sampler(model: model, config: config)) {
                guard case let .invalidSetting(found, _, _)? = $0 as? GenerationError else { return XCTFail("\($0)") }
                XCTAssertEqual(found, name)
            }
        }
        XCTAssertThrowsError(try Sampler(model: model, config: SamplingConfig(), batchSize: 0))
    }

    // MARK: against Hugging Face (Tests/Fixtures/generate/generation_reference.py)

    func reference() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/generation/hf_generation.json")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Greedy decoding of the gpt2-tiny fixture to the end of its context equals Hugging Face `generate`.
    func testGreedyDecodingMatchesHuggingFaceGenerate() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/gpt2-tiny/model")
        let model = try ModelDirectory.loadGPT(from: directory)
        let cases = try XCTUnwrap(reference()["greedy"] as? [[String: Any]])
        let prompts = try cases.map { try XCTUnwrap($0["prompt"] as? [Int]).map(Int32.init) }
        let config = SamplingConfig(temperature: 0, maxNewTokens: 100, stopAtEndOfText: false)
        let generated = try Sampler(model: model, config: config, batchSize: 3).generate(prompts: prompts)
        for (expected, sequence) in zip(cases, generated) {
            XCTAssertEqual(sequence.tokens.map(Int.init), expected["tokens"] as? [Int])
            XCTAssertEqual(sequence.finishReason, .contextFull)
            let logprobs = try XCTUnwrap(expected["logprobs"] as? [Double])
            for (ours, theirs) in zip(sequence.logProbabilities, logprobs) { XCTAssertEqual(Double(ours), theirs, accuracy: 1e-4) }
        }
    }

    /// Kept tokens and renormalized probabilities equal Hugging Face's temperature/top-k/top-p warpers.
    func testSamplingDistributionsMatchHuggingFaceWarpers() throws {
        let cases = try XCTUnwrap(reference()["distributions"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 6)
        for entry in cases {
            let logits = try XCTUnwrap(entry["logits"] as? [Double]).map(Float.init)
            let topK = try XCTUnwrap(entry["top_k"] as? Int)
            let config = SamplingConfig(temperature: Float(try XCTUnwrap(entry["temperature"] as? Double)), topK: topK == 0 ? nil : topK,
                                        topP: Float(try XCTUnwrap(entry["top_p"] as? Double)))
            let expected = try XCTUnwrap(entry["kept"] as? [String: Double])
            let ours = try TokenChooser(config: config, vocabularySize: logits.count).distribution(logits: logits)
            XCTAssertEqual(Set(ours.map { String($0.token) }), Set(expected.keys), "\(config)")
            for (token, probability) in ours { XCTAssertEqual(probability, expected[String(token)] ?? -1, accuracy: 1e-5) }
        }
    }
}
