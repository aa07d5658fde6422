import Foundation

/// A square matrix of values in [−1, 1] (correlations) with row and column labels and the number
/// printed in every cell, so it reads without colour: blue for negative, red for positive.
public struct Heatmap: Sendable {
    public var title: String
    public var labels: [String]
    /// values[i][j]; nil cells (undefined correlation) are grey and print "–".
    public var values: [[Double?]]
    public var cellSize: Double

    public init(title: String, labels: [String], values: [[Double?]], cellSize: Double = 46) {
        self.title = title
        self.labels = labels
        self.values = values
        self.cellSize = cellSize
    }

    /// Diverging colour for v ∈ [−1, 1]: white at 0, #B2182B at +1, #2166AC at −1.
    public static func color(_ v: Double) -> String {
        let t = min(abs(v), 1)
        let target: (Double, Double, Double) = v >= 0 ? (178, 24, 43) : (33, 102, 172)
        func mix(_ end: Double) -> Int { Int((255 + (end - 255) * t).rounded()) }
        return String(format: "#%02X%02X%02X", mix(target.0), mix(target.1), mix(target.2))
    }

    public func svg(id: String) -> String {
        let c = NumberFormat.coordinate
        let labelWidth = Double(labels.map(\.count).max() ?? 0) * 6.2 + 10
        let n = Double(labels.count)
        let left = labelWidth, top = 30 + labelWidth
        let width = left + n * cellSize + 10, height = top + n * cellSize + 10
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">"
        out += "<title>\(HTML.escape(title))</title><desc>\(HTML.escape(description))</desc>"
        out += "<rect x=\"0\" y=\"0\" width=\"\(c(width))\" height=\"\(c(height))\" fill=\"#fff\"/>"
        out += "<text x=\"\(c(width / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">\(HTML.escape(title))</text>"
        for (i, label) in labels.enumerated() {
            let rowY = top + (Double(i) + 0.5) * cellSize
            out += "<text x=\"\(c(left - 5))\" y=\"\(c(rowY + 3.5))\" text-anchor=\"end\">\(HTML.escape(label))</text>"
            let colX = left + (Double(i) + 0.5) * cellSize
            out += "<text x=\"\(c(colX + 3.5))\" y=\"\(c(top - 5))\" transform=\"rotate(-90 \(c(colX + 3.5)) \(c(top - 5)))\">\(HTML.escape(label))</text>"
        }
        for (i, row) in values.enumerated() {
            for (j, value) in row.enumerated() {
                let x = left + Double(j) * cellSize, y = top + Double(i) * cellSize
                let fill = value.map(Self.color) ?? "#BBBBBB"
                out += "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(cellSize))\" height=\"\(c(cellSize))\" fill=\"\(fill)\" stroke=\"#fff\" stroke-width=\"1\"/>"
                let text = value.map { NumberFormat.fixed($0, decimals: 2) } ?? "–"
                let ink = (value.map { abs($0) } ?? 0) > 0.6 ? "#fff" : "#000"
                out += "<text x=\"\(c(x + cellSize / 2))\" y=\"\(c(y + cellSize / 2 + 4))\" text-anchor=\"middle\" fill=\"\(ink)\">\(HTML.escape(text))</text>"
            }
        }
        return out + "</svg>"
    }

    var description: String {
        var rows: [String] = []
        for (i, row) in values.enumerated() where i < labels.count {
            rows.append(labels[i] + ": " + row.map { $0.map { NumberFormat.fixed($0, decimals: 2) } ?? "n/a" }.joined(separator: " "))
        }
        return "Matrix over " + labels.joined(separator: ", ") + ". " + rows.joined(separator: "; ")
    }
}
