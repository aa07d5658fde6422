import Foundation

public struct ChartPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double
    /// Half-width of the vertical error bar (e.g. one standard error); nil for none.
    public var error: Double?

    public init(x: Double, y: Double, error: Double? = nil) {
        self.x = x
        self.y = y
        self.error = error
    }
}

public struct ChartSeries: Equatable, Sendable {
    public var name: String
    public var points: [ChartPoint]
    public var style: SeriesStyle
    public var drawsLine: Bool
    public var showsMarkers: Bool

    public init(name: String, points: [ChartPoint], style: SeriesStyle, drawsLine: Bool = true, showsMarkers: Bool = true) {
        self.name = name
        self.points = points
        self.style = style
        self.drawsLine = drawsLine
        self.showsMarkers = showsMarkers
    }
}

/// Several series against one x axis, with error bars, markers, a legend, linear or log axes.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ChartSeries]
    public var xScale: AxisScale
    public var yScale: AxisScale
    public var width: Double
    public var height: Double
    /// Extra x values the axis must cover (e.g. a fitted peak beyond the data).
    public var xExtent: [Double] = []
    /// Vertical reference lines (x, label), dotted.
    public var markers: [(x: Double, label: String)] = []

    public init(title: String, xLabel: String, yLabel: String, series: [ChartSeries], xScale: AxisScale = .linear,
                yScale: AxisScale = .linear, width: Double = 520, height: Double = 320) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.xScale = xScale
        self.yScale = yScale
        self.width = width
        self.height = height
    }

    static let legendRowHeight = 15.0

    public func svg(id: String) -> String {
        let c = NumberFormat.coordinate
        let columns = legendColumns
        let legendRows = (series.count + columns - 1) / columns
        var frame = ChartFrame(width: width, height: height)
        frame.margin.bottom += Double(legendRows) * Self.legendRowHeight + 6
        frame.height = height + Double(legendRows) * Self.legendRowHeight + 6
        let xs = series.flatMap { $0.points.map(\.x) } + xExtent + markers.map(\.x)
        let ys = series.flatMap { s in s.points.flatMap { p in [p.y - (p.error ?? 0), p.y + (p.error ?? 0)] } }
        let x = Axis(covering: xs, pixels: frame.xPixels, scale: xScale)
        let y = Axis(covering: ys, pixels: frame.yPixels, scale: yScale, inverted: true)
        var body = frame.axes(x: x, y: y, xLabel: xLabel, yLabel: yLabel)
        var plotted = "<g clip-path=\"url(#\(HTML.escape(id)))\">"
        for marker in markers where x.contains(marker.x) {
            let px = x.position(marker.x)
            plotted += "<line x1=\"\(c(px))\" y1=\"\(c(frame.plotTop))\" x2=\"\(c(px))\" y2=\"\(c(frame.plotBottom))\" stroke=\"#555\" stroke-width=\"1\" stroke-dasharray=\"1 3\"/>"
            plotted += "<text x=\"\(c(px + 3))\" y=\"\(c(frame.plotTop + 11))\" font-size=\"10\" fill=\"#333\">\(HTML.escape(marker.label))</text>"
        }
        for s in series {
            let visible = s.points.filter { x.contains($0.x) || xScale == .linear }.filter { $0.y.isFinite && (yScale == .linear || $0.y > 0) }
            if s.drawsLine, visible.count > 1 {
                let path = visible.enumerated().map { i, p in (i == 0 ? "M" : "L") + "\(c(x.position(p.x))) \(c(y.position(p.y)))" }.joined()
                plotted += "<path d=\"\(path)\" \(s.style.strokeAttributes)/>"
            }
            for p in visible {
                let px = x.position(p.x), py = y.position(p.y)
                if let e = p.error, e > 0, e.isFinite {
                    let top = y.position(p.y + e), bottom = y.position(p.y - e)
                    plotted += "<path d=\"M\(c(px)) \(c(top))L\(c(px)) \(c(bottom))M\(c(px - 3)) \(c(top))L\(c(px + 3)) \(c(top))M\(c(px - 3)) \(c(bottom))L\(c(px + 3)) \(c(bottom))\" stroke=\"\(s.style.color)\" stroke-width=\"1\" fill=\"none\"/>"
                }
                if s.showsMarkers { plotted += s.style.marker.svg(x: px, y: py, size: 3.2, color: s.style.color) }
            }
        }
        body.append(plotted + "</g>")
        body += legend(frame: frame)
        return frame.svg(title: title, description: description, clipID: id, body: body)
    }

    /// Two legend columns, or one when a name would not fit in half the width (about 6 px a character).
    var legendColumns: Int {
        let longest = Double(series.map(\.name.count).max() ?? 0)
        return longest * 6 + 36 > (width - 58) / 2 ? 1 : 2
    }

    func legend(frame: ChartFrame) -> [String] {
        let c = NumberFormat.coordinate
        var out: [String] = []
        let columns = legendColumns
        let columnWidth = (frame.width - frame.plotLeft) / Double(columns)
        for (i, s) in series.enumerated() {
            let left = frame.plotLeft + Double(i % columns) * columnWidth
            let top = frame.plotBottom + 50 + Double(i / columns) * Self.legendRowHeight
            var sample = ""
            if s.drawsLine { sample += "<path d=\"M\(c(left)) \(c(top))L\(c(left + 26)) \(c(top))\" \(s.style.strokeAttributes)/>" }
            if s.showsMarkers { sample += s.style.marker.svg(x: left + 13, y: top, size: 3.2, color: s.style.color) }
            out.append(sample + "<text x=\"\(c(left + 32))\" y=\"\(c(top + 4))\">\(HTML.escape(s.name))</text>")
        }
        return out
    }

    /// What the chart shows, for screen readers and for the printed page's text.
    var description: String {
        let parts = series.map { s -> String in
            let ps = s.points.prefix(12).map { "(\(NumberFormat.short($0.x)), \(NumberFormat.short($0.y)))" }.joined(separator: " ")
            return "\(s.name): \(s.points.count) points \(ps)\(s.points.count > 12 ? " …" : "")"
        }
        return "\(yLabel) against \(xLabel). " + parts.joined(separator: "; ")
    }
}
