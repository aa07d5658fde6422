import XCTest
@testable import Tensor

final class PlaceholderTensorTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
