import XCTest
@testable import Model

final class PlaceholderModelTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
