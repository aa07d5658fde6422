import XCTest
@testable import Tokenizer

final class PlaceholderTokenizerTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
