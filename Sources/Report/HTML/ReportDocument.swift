import Foundation

/// One section of the report: a heading, an anchor for the contents list, and its body.
public struct ReportSection: Sendable {
    public var id: String
    public var title: String
    public var body: HTML

    public init(id: String, title: String, body: HTML) {
        self.id = id
        self.title = title
        self.body = body
    }
}

/// The whole page: one HTML file with inline CSS (screen and print), no script, no external resource.
public struct ReportDocument: Sendable {
    public var title: String
    public var subtitle: String
    public var sections: [ReportSection]

    public init(title: String, subtitle: String, sections: [ReportSection]) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    public var html: String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        // No network: forbid every fetch, so a stray URL in run text could not load anything.
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        out += "<title>\(HTML.escape(title))</title>\n<style>\n\(Self.stylesheet)\n</style>\n</head>\n<body>\n"
        out += "<header><h1>\(HTML.escape(title))</h1><p class=\"subtitle\">\(HTML.escape(subtitle))</p>\n"
        out += "<nav aria-label=\"contents\"><ol>" + sections.map { "<li><a href=\"#\(HTML.escape($0.id))\">\(HTML.escape($0.title))</a></li>" }.joined() + "</ol></nav></header>\n<main>\n"
        for section in sections {
            out += "<section \(HTML.attribute("id", section.id))>\n<h2>\(HTML.escape(section.title))</h2>\n\(section.body.rendered)\n</section>\n"
        }
        return out + "</main>\n</body>\n</html>\n"
    }

    /// System fonts only; black text on white; on paper, sections avoid breaking inside charts and
    /// tables, links print as plain text and the contents list is dropped.
    static let stylesheet = """
    :root { color-scheme: light; }
    body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #111; background: #fff; margin: 0 auto; max-width: 1100px; padding: 1.2em 1.6em; line-height: 1.45; }
    h1 { font-size: 1.6em; margin: 0.2em 0; } h2 { font-size: 1.25em; border-bottom: 2px solid #111; padding-bottom: 0.15em; margin-top: 1.8em; }
    h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
    .subtitle { color: #333; margin-top: 0; }
    nav ol { columns: 2; padding-left: 1.4em; margin: 0.4em 0; }
    table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.88em; }
    th, td { border: 1px solid #888; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
    th { background: #eee; }
    caption { text-align: left; font-weight: bold; padding: 0.2em 0; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .charts { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
    svg.chart { max-width: 100%; height: auto; border: 1px solid #ccc; }
    .note { color: #333; font-size: 0.9em; }
    .missing { color: #8a1c00; font-style: italic; }
    .completion { font-family: "DejaVu Sans Mono", ui-monospace, monospace; white-space: pre-wrap; word-break: break-word; font-size: 0.85em; }
    table.completions td { max-width: 22em; }
    table.disclosure th[scope=row] { width: 16em; background: #f4f4f4; }
    .verdict { border: 2px solid #111; padding: 0.5em 0.8em; margin: 0.8em 0; }
    @media print {
      body { max-width: none; padding: 0; font-size: 10pt; }
      nav { display: none; }
      a { color: inherit; text-decoration: none; }
      h2 { break-after: avoid; page-break-after: avoid; }
      svg.chart, table, .verdict { break-inside: avoid; page-break-inside: avoid; }
      svg.chart { border: none; }
      th { background: #fff; }
      @page { margin: 14mm; }
    }
    """
}
