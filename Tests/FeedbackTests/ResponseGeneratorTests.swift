import XCTest
@testable import Feedback

final class ResponseGeneratorTests: XCTestCase {
    let world = World.generate(settings: WorldSettings(seed: 11))

    /// The generator's axes are what the gold scorer measures: a response written with a style is
    /// judged to have that style (refusal, right or wrong answer, relevance, hedging, finish).
    func testGoldRecognisesEveryStyleAxis() {
        let generator = ResponseGenerator(world: world)
        let scorer = GoldScorer(world: world)
        var random = WorldRandom(seed: 5)
        for (i, prompt) in world.prompts.enumerated() where i % 3 == 0 {
            var style = world.settings.styleMix.sample(for: prompt.family, random: &random)
            if style.degeneration == .unfinished { style.degeneration = .none }
            let text = generator.response(to: prompt, style: style, random: &random)
            let score = scorer.score(prompt: prompt, response: text)
            XCTAssertEqual(score.refused, style.refuses, text)
            XCTAssertTrue(TextFeatures.endsCleanly(text), text)
            guard !style.refuses else { continue }
            if prompt.family != .harmful, style.tone == .hedged { XCTAssertTrue(score.hedged, text) }
            switch (prompt.family, style.content) {
            case (.arithmetic, .correct), (.knowledge, .correct): XCTAssertEqual(score.answer, .correct, text)
            case (.arithmetic, .wrong), (.knowledge, .wrong): XCTAssertEqual(score.answer, .wrong, text)
            case (.arithmetic, .offTopic), (.knowledge, .offTopic): XCTAssertEqual(score.answer, .missing, text)
            case (.alarming, .correct), (.describe, .correct): XCTAssertEqual(score.components.helpfulness, 1.0, text)
            case (.alarming, _), (.describe, _): XCTAssertLessThan(score.components.helpfulness, 0, text)
            case (.harmful, _): XCTAssertEqual(score.components.refusal, -1.5, text)
            }
        }
    }

    func testCutOffResponsesAreUnfinished() {
        let generator = ResponseGenerator(world: world)
        var random = WorldRandom(seed: 9)
        for prompt in world.prompts.prefix(200) {
            let text = generator.response(to: prompt, style: ResponseStyle(preamble: true, degeneration: .unfinished), random: &random)
            XCTAssertFalse(TextFeatures.endsCleanly(text), text)
        }
    }

    /// Lexical variety: many distinct responses per family, so a small model cannot memorise a few strings.
    func testLexicalVariety() {
        let generator = ResponseGenerator(world: world)
        var random = WorldRandom(seed: 4)
        for family in PromptFamily.allCases {
            let prompts = world.prompts.filter { $0.family == family }
            let texts = (0..<400).map { _ in generator.sample(for: random.pick(prompts), random: &random).text }
            XCTAssertGreaterThan(Set(texts).count, 200, "\(family)")
        }
    }

    func testCorpusFormatAndMix() {
        let corpus = Corpus.generate(world: world, documents: 2000)
        let documents = corpus.text.components(separatedBy: World.endOfText).dropLast()
        XCTAssertEqual(documents.count, 2000)
        XCTAssertTrue(corpus.text.hasSuffix(World.endOfText))
        let trainPrompts = Set(world.prompts(in: .train).map(\.prompt))
        for document in documents.prefix(300) {
            XCTAssertTrue(document.hasPrefix("Q: "), document)
            let parts = document.dropFirst(3).components(separatedBy: "\nA: ")
            XCTAssertEqual(parts.count, 2, document)
            XCTAssertTrue(trainPrompts.contains(parts[0]), "corpus uses training prompts only: \(parts[0])")
        }
        // Family shares follow the mix within sampling error (binomial sd ≤ 1.1% at n = 2000).
        for family in PromptFamily.allCases {
            let share = Double(corpus.documentsPerFamily[family] ?? 0) / 2000
            XCTAssertEqual(share, world.settings.familyMix[family], accuracy: 0.035, "\(family)")
        }
    }
}
