import Foundation

/// Escaping and the shared page frame. Pages are plain server-rendered HTML with inline CSS and
/// JavaScript only: no external assets, so they work offline.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// `refreshSeconds` reloads the page periodically (the statistics page, for watching progress).
    static func page(title: String, body: String, script: String = "", refreshSeconds: Int? = nil) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">\(refreshSeconds.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? "")
        <title>\(escape(title)) · Ceiling labeling</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1em;color:#222}
        header{display:flex;gap:1em;align-items:center;border-bottom:1px solid #ccc;margin-bottom:1em;padding-bottom:.5em}
        header .grow{flex:1}
        .prompt{background:#f4f4f8;padding:.8em;border-radius:6px;white-space:pre-wrap}
        .responses{display:flex;gap:1em;margin:1em 0}
        .response{flex:1;border:2px solid #ccc;border-radius:6px;padding:.8em;white-space:pre-wrap}
        .response h3{margin:0 0 .5em 0}
        .response.rank1{border-color:#2a7;background:#efe}
        .response.ranked{border-color:#79c}
        .status{font-weight:bold;min-height:1.5em}
        table{border-collapse:collapse;margin:.5em 0 1.5em 0}
        td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}
        th:first-child,td:first-child{text-align:left}
        .error{color:#a00}
        kbd{border:1px solid #999;border-radius:3px;padding:0 .3em;background:#f8f8f8}
        textarea{width:100%}
        </style></head>
        <body>
        \(body)
        <script>\(script)</script>
        </body></html>
        """
    }

    /// A rate as "62.5% (5/8)" or "–" when there was nothing to count.
    static func percent(_ hits: Int, _ count: Int) -> String {
        guard count > 0 else { return "–" }
        return String(format: "%.1f%% (%d/%d)", 100 * Double(hits) / Double(count), hits, count)
    }

    static func number(_ value: Double?, digits: Int = 3) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "–"
    }
}
