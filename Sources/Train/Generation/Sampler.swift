import Foundation
import Model
import Tensor

/// Why a sequence stopped growing.
public enum FinishReason: String, Codable, Sendable {
    /// It sampled the end-of-text token (kept as its last token).
    case endOfText = "end_of_text"
    /// It reached `maxNewTokens`.
    case maxTokens = "max_tokens"
    /// Prompt plus completion filled the model's context.
    case contextFull = "context_full"
}

/// One completion: the sampled ids (the prompt excluded) and, per token, its log-probability
/// under the unmodified model and under the sampling distribution.
public struct GeneratedSequence: Equatable, Sendable {
    public var tokens: [Int32] = []
    /// log π(yₜ | prompt, y<ₜ) with temperature 1 and no truncation: what RLHF's ratios and KL use.
    public var logProbabilities: [Float] = []
    /// log q(yₜ | …) under the temperature/top-k/top-p distribution actually sampled (0 when greedy).
    public var samplingLogProbabilities: [Float] = []
    public var finishReason: FinishReason = .maxTokens
}

/// Batched sampling with a KV cache: prompts of different lengths are prefilled together, then
/// every step appends one token to each unfinished sequence.
///
/// Sequence i draws from its own generator, derived from the seed and `streams[i]`, so a sample
/// depends on the seed and its stream number only — not on the batch size or on its batch-mates.
public final class Sampler {
    public let model: GPT
    public let config: SamplingConfig
    public let batchSize: Int
    /// One chooser per thread: a decode step's rows choose their tokens in parallel (each row draws from
    /// its own generator, so the result does not depend on the split).
    private let choosers: [TokenChooser]
    private var cache: KVCache?

    public init(model: GPT, config: SamplingConfig, batchSize: Int = 16) throws {
        guard batchSize >= 1 else { throw GenerationError.invalidSetting(name: "batch_size", value: "\(batchSize)", expected: "≥ 1") }
        self.model = model
        self.config = config
        self.batchSize = batchSize
        choosers = try (0..<max(1, min(Parallel.threadCount, batchSize))).map { _ in
            try TokenChooser(config: config, vocabularySize: model.config.vocabularySize)
        }
    }

    /// Samples one completion per prompt. `streams` numbers the random stream of each prompt (default 0, 1, 2, …).
    /// `progress` is called after each batch with the number of prompts done so far.
    public func generate(prompts: [[Int32]], streams: [UInt64]? = nil, progress: ((Int) -> Void)? = nil) throws -> [GeneratedSequence] {
        let streams = streams ?? (0..<prompts.count).map(UInt64.init)
        guard streams.count == prompts.count else { throw GenerationError.streamCountMismatch(prompts: prompts.count, streams: streams.count) }
        try validate(prompts)
        var results: [GeneratedSequence] = []
        results.reserveCapacity(prompts.count)
        for start in stride(from: 0, to: prompts.count, by: batchSize) {
            let end = min(start + batchSize, prompts.count)
            results += try generateBatch(Array(prompts[start..<end]), streams: Array(streams[start..<end]))
            progress?(end)
        }
        return results
    }

    /// The generator of one stream: SplitMix-style mixing keeps neighbouring streams unrelated.
    public static func generator(seed: UInt64, stream: UInt64) -> Xoshiro256StarStar {
        var z = stream &* 0xD1B5_4A32_D192_ED03 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Xoshiro256StarStar(seed: seed ^ z ^ (z >> 31))
    }

    private func validate(_ prompts: [[Int32]]) throws {
        let context = model.config.contextLength, V = model.config.vocabularySize
        for (index, prompt) in prompts.enumerated() {
            guard !prompt.isEmpty else { throw GenerationError.emptyPrompt(index: index) }
            guard prompt.count <= context else { throw GenerationError.promptTooLong(index: index, length: prompt.count, contextLength: context) }
            for (position, token) in prompt.enumerated() where token < 0 || Int(token) >= V {
                throw GenerationError.promptTokenOutOfRange(index: index, position: position, token: token, vocabularySize: V)
            }
        }
    }

    /// A cache with room for this batch: the longest prompt plus the tokens fed back (the last sampled one is not).
    private func cache(for prompts: [[Int32]]) throws -> KVCache {
        let longest = prompts.map(\.count).max() ?? 1
        let needed = min(model.config.contextLength, longest + config.maxNewTokens - 1)
        if let cache, cache.capacity >= needed {
            cache.reset()
            return cache
        }
        let fresh = try KVCache(config: model.config, slotCount: batchSize, capacity: max(needed, cache?.capacity ?? 0))
        cache = fresh
        return fresh
    }

    private func generateBatch(_ prompts: [[Int32]], streams: [UInt64]) throws -> [GeneratedSequence] {
        let cache = try cache(for: prompts)
        let V = model.config.vocabularySize, context = model.config.contextLength
        var generators = streams.map { Sampler.generator(seed: config.seed, stream: $0) }
        var results = prompts.map { _ in GeneratedSequence() }
        for i in results.indices {
            results[i].tokens.reserveCapacity(config.maxNewTokens)
            results[i].logProbabilities.reserveCapacity(config.maxNewTokens)
            results[i].samplingLogProbabilities.reserveCapacity(config.maxNewTokens)
        }
        var slots = Array(prompts.indices), counts = prompts.map(\.count), tokens = prompts.flatMap { $0 }
        var logits = try model.appendToCache(cache, slots: slots, counts: counts, tokens: tokens)
        var nextSlots: [Int] = []
        nextSlots.reserveCapacity(prompts.count)
        var choices = [TokenChoice](repeating: TokenChoice(token: 0, logProbability: 0, samplingLogProbability: 0), count: prompts.count)
        while true {
            nextSlots.removeAll(keepingCapacity: true)
            tokens.removeAll(keepingCapacity: true)
            choose(into: &choices, logits: logits, slots: slots, generators: &generators, V: V)
            for (row, slot) in slots.enumerated() {
                let choice = choices[row]
                results[slot].tokens.append(choice.token)
                results[slot].logProbabilities.append(choice.logProbability)
                results[slot].samplingLogProbabilities.append(choice.samplingLogProbability)
                if config.stopAtEndOfText, choice.token == config.endOfTextID {
                    results[slot].finishReason = .endOfText
                } else if results[slot].tokens.count >= config.maxNewTokens {
                    results[slot].finishReason = .maxTokens
                } else if cache.lengths[slot] >= context {
                    results[slot].finishReason = .contextFull  // no position left to feed the token back
                } else {
                    nextSlots.append(slot)
                    tokens.append(choice.token)
                }
            }
            if nextSlots.isEmpty { return results }
            swap(&slots, &nextSlots)
            counts.removeAll(keepingCapacity: true)
            for _ in slots { counts.append(1) }
            logits = try model.appendToCache(cache, slots: slots, counts: counts, tokens: tokens)
        }
    }

    /// choices[row] = the token of logits row `row`, drawn with the generator of `slots[row]`; rows in parallel.
    private func choose(into choices: inout [TokenChoice], logits: UnsafeMutablePointer<Float>, slots: [Int],
                        generators: inout [Xoshiro256StarStar], V: Int) {
        let choosers = self.choosers
        choices.withUnsafeMutableBufferPointer { choices in
            generators.withUnsafeMutableBufferPointer { generators in
                slots.withUnsafeBufferPointer { slots in
                    Parallel.forEachChunk(slots.count, costPerItem: 8 * V, maximumChunks: choosers.count) { chunk, rows in
                        for row in rows {
                            choices[row] = choosers[chunk].choose(logits: logits + row * V, generator: &generators[slots[row]])
                        }
                    }
                }
            }
        }
    }
}
