import XCTest
@testable import Feedback

final class PlaceholderFeedbackTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
