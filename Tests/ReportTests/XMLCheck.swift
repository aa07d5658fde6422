import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses SVG text as XML and counts elements by name; fails the test on malformed XML.
final class XMLCheck: NSObject, XMLParserDelegate {
    private(set) var elements: [String: Int] = [:]
    private(set) var text = ""
    private(set) var rootAttributes: [String: String] = [:]

    static func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> XMLCheck? {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = check
        guard parser.parse() else {
            XCTFail("not well-formed XML (\(parser.parserError.map { "\($0)" } ?? "?")) at line \(parser.lineNumber), column \(parser.columnNumber): \(svg.prefix(300))", file: file, line: line)
            return nil
        }
        return check
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if elements.isEmpty { rootAttributes = attributes }
        elements[name, default: 0] += 1
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func count(_ name: String) -> Int { elements[name] ?? 0 }

    /// Every inline `<svg …>…</svg>` of an HTML page.
    static func svgs(in html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            out.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }
}
