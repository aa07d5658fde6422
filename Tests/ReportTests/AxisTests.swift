import XCTest
@testable import Report

final class AxisTests: XCTestCase {
    func testNiceStepsFollowOneTwoFive() {
        XCTAssertEqual(Axis.niceStep(span: 1, count: 5), 0.2, accuracy: 1e-12)
        XCTAssertEqual(Axis.niceStep(span: 3.17, count: 5), 1, accuracy: 1e-12)
        XCTAssertEqual(Axis.niceStep(span: 2.2, count: 5), 0.5, accuracy: 1e-12)
        XCTAssertEqual(Axis.niceStep(span: 70, count: 5), 20, accuracy: 1e-12)
        XCTAssertEqual(Axis.niceStep(span: 0.03, count: 5), 0.01, accuracy: 1e-15)
    }

    func testTicksAreExactMultiplesInsideTheRange() {
        XCTAssertEqual(Axis.niceTicks(0, 1, count: 5), [0, 0.2, 0.4, 0.6, 0.8, 1])
        XCTAssertEqual(Axis.niceTicks(-0.5, 0.5, count: 5), [-0.4, -0.2, 0, 0.2, 0.4], "inside [−0.5, 0.5] with step 0.2")
        XCTAssertEqual(Axis.niceTicks(0.05, 0.35, count: 5), [0.1, 0.2, 0.3], "0.1 · 3 prints as 0.3, not 0.30000000000000004")
        XCTAssertEqual(Axis.niceTicks(1, 1, count: 5), [1])
    }

    func testCoveringDomainSnapsToTicksAndWidensDegenerateRanges() {
        let axis = Axis(covering: [0.13, 0.87], pixels: 0...100)
        XCTAssertEqual(axis.domain.lowerBound, 0, accuracy: 1e-12)
        XCTAssertEqual(axis.domain.upperBound, 1, accuracy: 1e-12)
        let flat = Axis(covering: [2, 2, 2], pixels: 0...100)
        XCTAssertLessThan(flat.domain.lowerBound, 2)
        XCTAssertGreaterThan(flat.domain.upperBound, 2)
        let empty = Axis(covering: [.nan], pixels: 0...100)
        XCTAssertEqual(empty.domain, 0...1)
        XCTAssertTrue(Axis(covering: [0.3, 0.5], pixels: 0...1, includeZero: true).domain.contains(0))
    }

    func testLinearPositionsAndInversion() {
        let x = Axis(domain: 0...10, pixels: 50...150)
        XCTAssertEqual(x.position(0), 50)
        XCTAssertEqual(x.position(2.5), 75)
        XCTAssertEqual(x.position(10), 150)
        let y = Axis(domain: 0...10, pixels: 20...220, inverted: true)
        XCTAssertEqual(y.position(0), 220)
        XCTAssertEqual(y.position(10), 20)
    }

    func testLogarithmicAxis() {
        let axis = Axis(covering: [1, 64], pixels: 0...300, scale: .logarithmic)
        XCTAssertEqual(axis.domain, 1...100)
        XCTAssertEqual(axis.position(10), 150, accuracy: 1e-9)
        XCTAssertEqual(axis.ticks, [1, 2, 5, 10, 20, 50, 100])
        let wide = Axis(covering: [0.5, 3000], pixels: 0...300, scale: .logarithmic)
        XCTAssertEqual(wide.domain.lowerBound, 0.1, accuracy: 1e-12)
        XCTAssertEqual(wide.ticks.count, 6, "whole decades only over five decades: \(wide.ticks)")
        XCTAssertFalse(wide.contains(-1))
        XCTAssertFalse(wide.contains(0))
    }
}
