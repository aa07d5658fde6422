import Foundation

/// A table whose cells are text (escaped) or fragments this module built.
public struct HTMLTable: Sendable {
    public var caption: String?
    public var headers: [String]
    public var rows: [[HTML]]
    public var className: String?

    public init(caption: String? = nil, headers: [String], rows: [[HTML]], className: String? = nil) {
        self.caption = caption
        self.headers = headers
        self.rows = rows
        self.className = className
    }

    /// Rows of plain text cells.
    public init(caption: String? = nil, headers: [String], textRows: [[String]], className: String? = nil) {
        self.init(caption: caption, headers: headers, rows: textRows.map { $0.map(HTML.text) }, className: className)
    }

    public var html: HTML {
        var out = "<table" + (className.map { " " + HTML.attribute("class", $0) } ?? "") + ">"
        if let caption { out += "<caption>\(HTML.escape(caption))</caption>" }
        if !headers.isEmpty { out += "<thead><tr>" + headers.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined() + "</tr></thead>" }
        out += "<tbody>"
        for row in rows { out += "<tr>" + row.map { "<td>\($0.rendered)</td>" }.joined() + "</tr>" }
        return HTML(markup: out + "</tbody></table>")
    }
}
