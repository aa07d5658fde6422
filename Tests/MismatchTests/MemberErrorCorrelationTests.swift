import Foundation
import XCTest
@testable import Mismatch

final class MemberErrorCorrelationTests: XCTestCase {
    /// Every figure against numpy (Tests/Fixtures/generate/error_correlation_reference.py).
    func testMatchesNumpyReference() throws {
        let data = try Data(contentsOf: MismatchFixtures.folder.appendingPathComponent("error_correlation.json"))
        let reference = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rewards = try XCTUnwrap(reference["member_rewards"] as? [[Double]])
        let gold = try XCTUnwrap(reference["gold"] as? [Double])
        let prompts = try XCTUnwrap(reference["prompts"] as? [Int])
        let measured = try XCTUnwrap(MemberErrorCorrelation(memberRewards: rewards, gold: gold, prompts: prompts))
        XCTAssertEqual(measured.members, 3)
        XCTAssertEqual(measured.samples, 30)
        XCTAssertEqual(measured.mean, try XCTUnwrap(reference["mean"] as? Double), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(measured.withinPromptMean), try XCTUnwrap(reference["within_prompt_mean"] as? Double), accuracy: 1e-12)
        let matrix = try XCTUnwrap(reference["matrix"] as? [[Double]])
        for i in 0..<3 { for j in 0..<3 { XCTAssertEqual(measured.matrix[i][j], matrix[i][j], accuracy: 1e-12) } }
        let goldCorrelation = try XCTUnwrap(reference["member_gold_correlation"] as? [Double])
        for (got, want) in zip(measured.memberGoldCorrelation, goldCorrelation) { XCTAssertEqual(try XCTUnwrap(got), want, accuracy: 1e-12) }
        XCTAssertEqual(try XCTUnwrap(measured.ensembleMeanGoldCorrelation),
                       try XCTUnwrap(reference["ensemble_mean_gold_correlation"] as? Double), accuracy: 1e-12)
    }

    /// Hand-made extremes: members whose errors are the same, opposite, or whose rewards are gold itself.
    func testSharedOppositeAndNoErrors() throws {
        let gold: [Double] = [0, 1, 2, 3, 4, 5]
        let error: [Double] = [1, -1, 0.5, 0, -0.5, 0]  // uncorrelated with gold
        let same = try XCTUnwrap(MemberErrorCorrelation(memberRewards: gold.indices.map { [gold[$0] + error[$0], 2 * gold[$0] + error[$0]] }, gold: gold))
        XCTAssertEqual(same.mean, 1, accuracy: 1e-12)
        XCTAssertEqual(same.retainedErrorVariance, 1, accuracy: 1e-12)
        let opposite = try XCTUnwrap(MemberErrorCorrelation(memberRewards: gold.indices.map { [gold[$0] + error[$0], gold[$0] - error[$0]] }, gold: gold))
        XCTAssertEqual(opposite.mean, -1, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(opposite.ensembleMeanGoldCorrelation), 1, accuracy: 1e-12)  // the errors cancel in the mean
        // Four members with error correlation 0.5: the mean keeps 0.5 + 0.5/4 of one member's error variance.
        var halfShared = opposite
        halfShared.members = 4
        halfShared.mean = 0.5
        XCTAssertEqual(halfShared.retainedErrorVariance, 0.625, accuracy: 1e-12)
    }

    func testNeedsTwoMembersAndThreeSamples() {
        XCTAssertNil(MemberErrorCorrelation(memberRewards: [[1], [2], [3]], gold: [1, 2, 3]))
        XCTAssertNil(MemberErrorCorrelation(memberRewards: [[1, 2], [2, 3]], gold: [1, 2]))
        XCTAssertNil(MemberErrorCorrelation(memberRewards: [[1, 2], [2, 3], [3]], gold: [1, 2, 3]))
    }
}
