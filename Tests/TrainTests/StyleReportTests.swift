@testable import Feedback
import XCTest
@testable import Train

final class StyleReportTests: XCTestCase {
    func testSharesCountWhatTheScorerFlags() {
        func score(_ family: PromptFamily, refused: Bool = false, answer: AnswerOutcome? = nil, hedged: Bool = false,
                   verbosity: Double = 0, words: Int, total: Double) -> GoldScore {
            var components = GoldComponents()
            components.verbosity = verbosity
            return GoldScore(total: total, components: components, family: family, refused: refused, answer: answer,
                             hedged: hedged, confident: false, words: words, sentences: 1)
        }
        let shares = StyleShares(scores: [
            score(.arithmetic, answer: .correct, words: 2, total: 1),
            score(.arithmetic, answer: .wrong, hedged: true, words: 4, total: -1),
            score(.knowledge, refused: true, answer: .missing, words: 6, total: -0.5),  // a refusal is not counted as an answer
            score(.describe, verbosity: -0.2, words: 12, total: 0.5),
        ])
        XCTAssertEqual(shares.responses, 4)
        XCTAssertEqual(shares.refused, 0.25)
        XCTAssertEqual(shares.correct, 0.5)   // of the two answered arithmetic/knowledge responses
        XCTAssertEqual(shares.wrong, 0.5)
        XCTAssertEqual(shares.noAnswer, 0)
        XCTAssertEqual(shares.hedged, 0.25)
        XCTAssertEqual(shares.padded, 0.25)
        XCTAssertEqual(shares.meanWords, 6)
        XCTAssertEqual(shares.meanGold, 0)
    }

    func testCorpusDocumentsAreParsedAndScored() {
        var settings = WorldSettings(seed: 5)
        settings.corpusDocuments = 300
        let world = World.generate(settings: settings)
        let corpus = Corpus.generate(world: world, documents: 300)
        let shares = StyleReport.corpus(world: world, corpusText: corpus.text, limit: 200)
        XCTAssertEqual(shares.responses, 200, "every document maps back to its prompt")
        XCTAssertGreaterThan(shares.correct, 0.3, "the corpus mixes right and wrong answers")
        XCTAssertGreaterThan(shares.wrong, 0.1)
        XCTAssertGreaterThan(shares.refused, 0.02)
    }
}
