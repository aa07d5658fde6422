import Foundation

/// The common frame of a chart: the SVG element, a plot area with margins, axes with ticks and
/// labels, a title and an accessible description. Charts draw inside `plot`.
struct ChartFrame {
    var width: Double
    var height: Double
    var margin = (left: 58.0, right: 16.0, top: 30.0, bottom: 44.0)

    var plotLeft: Double { margin.left }
    var plotRight: Double { width - margin.right }
    var plotTop: Double { margin.top }
    var plotBottom: Double { height - margin.bottom }
    var xPixels: ClosedRange<Double> { plotLeft...plotRight }
    var yPixels: ClosedRange<Double> { plotTop...plotBottom }

    /// `<svg>` with role img, a <title> and a <desc>, a clip path for the plot area, and the body.
    func svg(title: String, description: String, clipID: String, body: [String]) -> String {
        let c = NumberFormat.coordinate
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\" role=\"img\" font-family=\"sans-serif\" font-size=\"11\">"
        out += "<title>\(HTML.escape(title))</title><desc>\(HTML.escape(description))</desc>"
        out += "<defs><clipPath id=\"\(HTML.escape(clipID))\"><rect x=\"\(c(plotLeft))\" y=\"\(c(plotTop - 4))\" width=\"\(c(plotRight - plotLeft))\" height=\"\(c(plotBottom - plotTop + 8))\"/></clipPath></defs>"
        out += "<rect x=\"0\" y=\"0\" width=\"\(c(width))\" height=\"\(c(height))\" fill=\"#fff\"/>"
        out += "<text x=\"\(c(width / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">\(HTML.escape(title))</text>"
        out += body.joined()
        return out + "</svg>"
    }

    /// Axis lines, ticks, grid lines and labels of both axes.
    func axes(x: Axis, y: Axis, xLabel: String, yLabel: String, xTickLabels: [(Double, String)]? = nil) -> [String] {
        let c = NumberFormat.coordinate
        var out: [String] = []
        out.append("<rect x=\"\(c(plotLeft))\" y=\"\(c(plotTop))\" width=\"\(c(plotRight - plotLeft))\" height=\"\(c(plotBottom - plotTop))\" fill=\"none\" stroke=\"#000\" stroke-width=\"0.8\"/>")
        for (value, label) in xTickLabels ?? x.ticks.map({ ($0, x.label($0)) }) {
            let px = x.position(value)
            guard px >= plotLeft - 0.5, px <= plotRight + 0.5 else { continue }
            out.append("<line x1=\"\(c(px))\" y1=\"\(c(plotTop))\" x2=\"\(c(px))\" y2=\"\(c(plotBottom))\" stroke=\"#ddd\" stroke-width=\"0.6\"/>")
            out.append("<line x1=\"\(c(px))\" y1=\"\(c(plotBottom))\" x2=\"\(c(px))\" y2=\"\(c(plotBottom + 4))\" stroke=\"#000\"/>")
            out.append("<text x=\"\(c(px))\" y=\"\(c(plotBottom + 15))\" text-anchor=\"middle\">\(HTML.escape(label))</text>")
        }
        for value in y.ticks {
            let py = y.position(value)
            guard py >= plotTop - 0.5, py <= plotBottom + 0.5 else { continue }
            out.append("<line x1=\"\(c(plotLeft))\" y1=\"\(c(py))\" x2=\"\(c(plotRight))\" y2=\"\(c(py))\" stroke=\"#ddd\" stroke-width=\"0.6\"/>")
            out.append("<line x1=\"\(c(plotLeft - 4))\" y1=\"\(c(py))\" x2=\"\(c(plotLeft))\" y2=\"\(c(py))\" stroke=\"#000\"/>")
            out.append("<text x=\"\(c(plotLeft - 6))\" y=\"\(c(py + 3.5))\" text-anchor=\"end\">\(HTML.escape(y.label(value)))</text>")
        }
        out.append("<text x=\"\(c((plotLeft + plotRight) / 2))\" y=\"\(c(plotBottom + 31))\" text-anchor=\"middle\">\(HTML.escape(xLabel))</text>")
        let midY = (plotTop + plotBottom) / 2
        out.append("<text x=\"14\" y=\"\(c(midY))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(c(midY)))\">\(HTML.escape(yLabel))</text>")
        return out
    }
}
