import Feedback
import Foundation
import Model
import XCTest
@testable import Optimize

/// `RolloutProducer(stopAtEndOfText: false)`: every sample runs to the length limit, drawing the same
/// tokens as the stopping producer up to where that one stopped.
final class RolloutLengthTests: XCTestCase {
    func testSamplesRunToTheLimitWhenEndOfTextDoesNotStop() throws {
        let fixture = try OnlineFixture()
        let policy = try ModelDirectory.loadGPT(from: fixture.policyURL)
        let text = try PolicyText.load(policyDirectory: fixture.policyURL, template: "Q: {prompt}\nA:", model: policy)
        let prompts = try PromptSet.load(file: nil, world: fixture.world, split: .train, text: text)
        let maxNewTokens = 30, rows = 64
        func rollout(stopping: Bool) throws -> Rollout {
            let producer = try RolloutProducer(policy: policy, reference: try ModelDirectory.loadGPT(from: fixture.policyURL), text: text,
                                               reward: LetterReward(), objective: RewardObjective(), gold: nil, temperature: 1,
                                               maxNewTokens: maxNewTokens, seed: 7, batchSize: 32, stopAtEndOfText: stopping)
            return try producer.produce(prompts: prompts, indices: (0..<rows).map { $0 % prompts.count }, samplesPerPrompt: 1,
                                        streams: (0..<rows).map(UInt64.init)).rollout
        }
        let stopped = try rollout(stopping: true)
        let full = try rollout(stopping: false)

        // The random-init policy draws end-of-text now and then: some rows of the default producer end early.
        let early = (0..<rows).filter { stopped.endedWithEndOfText[$0] }
        XCTAssertFalse(early.isEmpty, "the fixture should stop some rows early; pick another seed")
        for row in early { XCTAssertLessThan(stopped.batch.completions[row].count, maxNewTokens) }

        XCTAssertEqual(full.endedWithEndOfText, Array(repeating: false, count: rows))
        for row in 0..<rows {
            let completion = full.batch.completions[row]
            XCTAssertEqual(completion.count, maxNewTokens, "row \(row)")
            XCTAssertEqual(full.policyLogProbs[row].count, maxNewTokens)
            XCTAssertEqual(full.referenceLogProbs[row].count, maxNewTokens)
            // Same seed and stream: the same draws, so the stopped row is a prefix of the full one.
            XCTAssertEqual(Array(completion.prefix(stopped.batch.completions[row].count)), stopped.batch.completions[row], "row \(row)")
        }
        for row in early {
            XCTAssertEqual(full.batch.completions[row][stopped.batch.completions[row].count - 1], text.endOfText, "row \(row) goes on past end-of-text")
        }
    }
}
