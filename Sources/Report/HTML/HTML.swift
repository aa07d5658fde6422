import Foundation

/// A fragment of HTML that is safe to insert as it is. Text from a run (prompts, completions, paths,
/// config values) only enters through `HTML.text` or `HTML.attribute`, which escape it, so a
/// completion such as `</script><script>…` can never become markup.
public struct HTML: Equatable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rendered: String

    /// Markup written by this module (never text from a run).
    public init(markup: String) { rendered = markup }
    public init(stringLiteral value: String) { rendered = value }
    public var description: String { rendered }

    /// Escaped text content: `& < > " '` become entities; characters that XML 1.0 forbids (controls
    /// other than tab, newline, carriage return; lone surrogates cannot occur in a Swift String) become
    /// U+FFFD so that the inline SVG stays well-formed XML.
    public static func text(_ value: String) -> HTML { HTML(markup: escape(value)) }

    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `name="value"` with the value escaped.
    public static func attribute(_ name: String, _ value: String) -> String { "\(name)=\"\(escape(value))\"" }

    public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(markup: lhs.rendered + rhs.rendered) }

    public static func join(_ parts: [HTML], separator: String = "\n") -> HTML {
        HTML(markup: parts.map(\.rendered).joined(separator: separator))
    }

    /// `<tag attributes>content</tag>`; `attributes` are (name, value) pairs, escaped.
    public static func element(_ tag: String, _ attributes: [(String, String)] = [], _ content: HTML = "") -> HTML {
        let attrs = attributes.map { " " + attribute($0.0, $0.1) }.joined()
        return HTML(markup: "<\(tag)\(attrs)>\(content.rendered)</\(tag)>")
    }

    public static func paragraph(_ text: String, className: String? = nil) -> HTML {
        element("p", className.map { [("class", $0)] } ?? [], .text(text))
    }
}
