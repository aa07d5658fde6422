import Foundation

/// `ceiling feedback simulate`: label pairs (or k-wise sets) and write preferences plus the
/// agreement report next to them.
public enum FeedbackSimulation {
    public struct Options: Sendable {
        public var items: Int
        public var k = 2
        public var seed: UInt64
        /// Policy samples `{"prompt","completions":[…]}`; nil draws responses from the world's generator.
        public var responses: URL?
        /// Prompts of this split are used for generated responses.
        public var split = Split.train

        public init(items: Int, seed: UInt64) {
            self.items = items
            self.seed = seed
        }
    }

    /// Where the agreement report goes: `prefs.jsonl` → `prefs.agreement.json`.
    public static func agreementURL(for output: URL) -> URL {
        let base = output.pathExtension == "jsonl" ? output.deletingPathExtension() : output
        return base.appendingPathExtension("agreement.json")
    }

    @discardableResult
    public static func run(world: World, pool: AnnotatorPool, options: Options, output: URL) throws -> AgreementReport {
        guard options.items > 0 else { throw WorldError.invalidSetting(name: "--pairs", reason: "must be positive") }
        guard options.k >= 2 else { throw WorldError.invalidSetting(name: "--k", reason: "must be at least 2") }
        let simulator = FeedbackSimulator(world: world, pool: pool)
        let items: [LabeledItem]
        if let responses = options.responses {
            let samples = try readSamples(url: responses, world: world, k: options.k)
            items = simulator.simulate(samples: samples, items: options.items, k: options.k, seed: options.seed)
        } else {
            items = simulator.simulateGenerated(items: options.items, k: options.k, split: options.split, seed: options.seed)
        }
        let writer = try JSONLWriter(url: output)
        for item in items { try writer.write(item.record) }
        try writer.finish()
        let report = AgreementReport(annotators: pool.name, items: items, triggers: pool.annotators.compactMap(\.trigger))
        let reportURL = agreementURL(for: output)
        try AtomicFile.write(try AtomicFile.encodeJSON(report, path: reportURL.path), to: reportURL)
        return report
    }

    private struct SampleLine: Decodable {
        var prompt: String
        var completions: [String]
    }

    /// Reads policy samples; each prompt must be a prompt of the world (raw text or "Q: …\nA:").
    public static func readSamples(url: URL, world: World, k: Int) throws -> [CandidateSet] {
        var sets: [CandidateSet] = []
        try JSONLReader(url: url).forEach(SampleLine.self) { line, sample in
            guard let prompt = world.prompt(matching: sample.prompt) else {
                throw WorldError.unknownPrompt(path: url.path, line: line, prompt: sample.prompt)
            }
            guard sample.completions.count >= k else {
                throw WorldError.invalidInput(path: url.path, line: line, field: "completions",
                                              reason: "has \(sample.completions.count) completion(s); labeling needs at least \(k)")
            }
            sets.append(CandidateSet(prompt: prompt, completions: sample.completions))
        }
        guard !sets.isEmpty else { throw PreferenceDataError.noRecords(path: url.path) }
        return sets
    }
}
