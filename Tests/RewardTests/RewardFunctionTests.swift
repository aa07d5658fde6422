import XCTest
@testable import Reward

final class RewardFunctionTests: XCTestCase {
    struct Lengths: RewardFunction {
        var memberCount: Int { 2 }
        func memberRewards(prompts: [String], completions: [String]) throws -> [[Float]] {
            completions.map { [Float($0.count), Float($0.count) + 1] }
        }
    }

    func testMeanOverMembers() throws {
        XCTAssertEqual(try Lengths().rewards(prompts: ["a", "b"], completions: ["xy", "xyzw"]), [2.5, 4.5])
    }
}
