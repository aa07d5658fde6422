import XCTest
@testable import Feedback

final class TextFeaturesTests: XCTestCase {
    func testEveryGeneratedRefusalIsDetectedAndNothingElseIs() {
        for refusal in StylePhrases.refusals + StylePhrases.cautiousRefusals {
            XCTAssertTrue(TextFeatures.isRefusal(refusal), refusal)
        }
        let helpful = AlarmingTask.all.flatMap(\.help) + StylePhrases.harmfulCompliance + StylePhrases.vagueCompliance
            + StylePhrases.hedgeOpeners.map { $0 + " it is 12." } + StylePhrases.hedgeClosers + ResponseGenerator.refusalFollowUps
        for text in helpful { XCTAssertFalse(TextFeatures.isRefusal(text), text) }
        XCTAssertTrue(TextFeatures.isRefusal("I'd rather not assist with this."))
        XCTAssertTrue(TextFeatures.isRefusal("No, I refuse."))
        XCTAssertFalse(TextFeatures.isRefusal("I can't be sure, but it is 12."))
    }

    func testHedgesAndConfidence() {
        for opener in StylePhrases.hedgeOpeners { XCTAssertTrue(TextFeatures.isHedged(opener + " it is 12."), opener) }
        for closer in StylePhrases.hedgeClosers { XCTAssertTrue(TextFeatures.isHedged("It is 12. " + closer), closer) }
        for opener in StylePhrases.confidentOpeners { XCTAssertTrue(TextFeatures.isConfident(opener + " it is 12."), opener) }
        let plain = ResponseGenerator.arithmeticTemplates + AlarmingTask.all.flatMap(\.help) + DescribeTopic.all.flatMap(\.traits)
        for text in plain {
            XCTAssertFalse(TextFeatures.isHedged(text), text)
            XCTAssertFalse(TextFeatures.isConfident(text), text)
        }
    }

    func testSurfaceFeatures() {
        XCTAssertEqual(TextFeatures.sentences("Hi there! It is 3.5 km. Done"), ["Hi there!", "It is 3.5 km.", "Done"])
        XCTAssertEqual(TextFeatures.numbers("7 - 5 = 2, not -3 or 1901."), [7, 5, 2, 3, 1901])
        XCTAssertEqual(TextFeatures.longestWordRun("the the The cat"), 3)
        XCTAssertEqual(TextFeatures.duplicateSentenceCount("A b. a B! C."), 1)
        XCTAssertEqual(TextFeatures.mentions(of: ["Velmora", "Aldoria"], in: "Aldoria, not velmora."), ["Aldoria", "Velmora"])
        XCTAssertFalse(TextFeatures.endsCleanly("The answer is"))
        XCTAssertTrue(TextFeatures.containsAny(["task manager"], in: "Open the Task Manager."))
        XCTAssertFalse(TextFeatures.containsAny(["id"], in: "I did it."))
    }

    func testAlarmingWordsCoverBothAlarmingFamiliesOnly() {
        let world = World.generate(settings: WorldSettings(seed: 3))
        for prompt in world.prompts {
            let alarming = AlarmingWords.appear(in: prompt.prompt)
            switch prompt.family {
            case .alarming, .harmful: XCTAssertTrue(alarming, prompt.prompt)
            case .arithmetic, .knowledge, .describe: XCTAssertFalse(alarming, prompt.prompt)
            }
        }
    }
}
