import Foundation
import XCTest
@testable import Mismatch

final class RunNamesTests: XCTestCase {
    func testSharedNamesGetTheirParent() {
        let urls = ["/r/seed-0/rloo-single", "/r/seed-1/rloo-single", "/r/seed-0/bon-uwo"].map { URL(fileURLWithPath: $0) }
        XCTAssertEqual(RunNames.distinct(urls), ["seed-0/rloo-single", "seed-1/rloo-single", "bon-uwo"])
    }

    /// The summary names the runs the same way, so its comparisons and alarm rows can be told apart.
    func testAnalysisUsesDistinctNames() throws {
        let folder = try TemporaryFolder()
        for seed in ["a", "b"] {
            let parent = folder.url.appendingPathComponent(seed)
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: MismatchFixtures.run("rloo-single-s0"), to: parent.appendingPathComponent("run"))
        }
        let summary = try MismatchAnalysis.analyze(runs: ["a", "b"].map { folder.url.appendingPathComponent("\($0)/run") })
        XCTAssertEqual(summary.runs.map(\.name), ["a/run", "b/run"])
    }
}
