import XCTest
@testable import Report

final class HTMLEscapingTests: XCTestCase {
    func testEscapesMarkupCharacters() {
        XCTAssertEqual(HTML.escape("<script>alert('x') & \"y\"</script>"),
                       "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
    }

    func testKeepsTextAndWhitespaceAndReplacesXMLForbiddenControls() {
        XCTAssertEqual(HTML.escape("é ✓ 7 × 6\tnext\nline"), "é ✓ 7 × 6\tnext\nline")
        XCTAssertEqual(HTML.escape("a\u{0}b\u{1B}c\u{7F}d\u{85}"), "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}")
    }

    func testEntitiesAreNotDecodedTwice() {
        // A completion that already contains an entity must show it literally.
        XCTAssertEqual(HTML.escape("&lt;b&gt;"), "&amp;lt;b&amp;gt;")
    }

    func testAttributesAndElementsEscapeTheirValues() {
        XCTAssertEqual(HTML.attribute("title", "a\"b<c"), "title=\"a&quot;b&lt;c\"")
        XCTAssertEqual(HTML.element("td", [("class", "x\" onclick=\"y")], .text("<i>")).rendered,
                       "<td class=\"x&quot; onclick=&quot;y\">&lt;i&gt;</td>")
    }

    func testTableEscapesCaptionHeadersAndTextCells() {
        let table = HTMLTable(caption: "<cap>", headers: ["<h>"], textRows: [["</td><script>"]]).html.rendered
        XCTAssertFalse(table.contains("<script>"))
        XCTAssertFalse(table.contains("<cap>"))
        XCTAssertTrue(table.contains("&lt;/td&gt;&lt;script&gt;"))
        XCTAssertTrue(table.contains("<th scope=\"col\">&lt;h&gt;</th>"))
    }

    func testDocumentEscapesTitlesAndHasNoScriptOrExternalResource() throws {
        let document = ReportDocument(title: "<run>", subtitle: "a & b", sections: [ReportSection(id: "x\"y", title: "<s>", body: .text("<body>"))])
        let html = document.html
        XCTAssertTrue(html.contains("<title>&lt;run&gt;</title>"))
        XCTAssertTrue(html.contains("id=\"x&quot;y\""))
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"))
        XCTAssertFalse(html.contains("https://"))
        XCTAssertTrue(html.contains("@media print"))
        XCTAssertTrue(html.contains("default-src 'none'"))
    }

    func testNumberFormat() {
        XCTAssertEqual(NumberFormat.short(0.25), "0.25")
        XCTAssertEqual(NumberFormat.short(-3), "−3")
        XCTAssertEqual(NumberFormat.short(1.23456e-5), "1.23e−05")
        XCTAssertEqual(NumberFormat.short(.nan), "n/a")
        XCTAssertEqual(NumberFormat.fixed(-0.0001, decimals: 2), "0.00")
        XCTAssertEqual(NumberFormat.fixed(-0.75, decimals: 2), "−0.75")
        XCTAssertEqual(NumberFormat.percent(0.7653), "76.5%")
        XCTAssertEqual(NumberFormat.withError(0.5, 0.025), "0.500 ± 0.025")
        XCTAssertEqual(NumberFormat.coordinate(12.345), "12.35")
        XCTAssertEqual(NumberFormat.coordinate(3), "3")
    }
}
