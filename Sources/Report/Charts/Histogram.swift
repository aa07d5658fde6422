import Foundation

/// Equal-width bins over a fixed range; values may carry weights (a best-of-n choice is a weighted
/// draw from its pool). Values outside the range fall into the edge bins.
public struct HistogramBins: Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    public var counts: [Double]

    public init(values: [Double], weights: [Double]? = nil, lower: Double, upper: Double, bins: Int) {
        self.lower = lower
        self.upper = upper
        var counts = [Double](repeating: 0, count: max(bins, 1))
        let width = (upper - lower) / Double(counts.count)
        for (i, v) in values.enumerated() where v.isFinite {
            let index = width > 0 ? Int(floor((v - lower) / width)) : 0
            counts[min(max(index, 0), counts.count - 1)] += weights?[i] ?? 1
        }
        self.counts = counts
    }

    public var binWidth: Double { (upper - lower) / Double(counts.count) }
    public var total: Double { counts.reduce(0, +) }
    /// Shares of the total (all zero for an empty histogram).
    public var shares: [Double] { let t = total; return counts.map { t > 0 ? $0 / t : 0 } }
}

/// One histogram as bars of shares; several with the same bins and y range compare side by side.
public struct HistogramChart: Sendable {
    public var title: String
    public var xLabel: String
    public var bins: HistogramBins
    public var style: SeriesStyle
    /// The y axis top (a share), shared by a row of histograms; nil: this histogram's own maximum.
    public var maximumShare: Double?
    /// A vertical line at the mean, labelled.
    public var mean: Double?
    public var width: Double
    public var height: Double

    public init(title: String, xLabel: String, bins: HistogramBins, style: SeriesStyle = .indexed(0), maximumShare: Double? = nil,
                mean: Double? = nil, width: Double = 260, height: Double = 190) {
        self.title = title
        self.xLabel = xLabel
        self.bins = bins
        self.style = style
        self.maximumShare = maximumShare
        self.mean = mean
        self.width = width
        self.height = height
    }

    public func svg(id: String) -> String {
        let c = NumberFormat.coordinate
        var frame = ChartFrame(width: width, height: height)
        frame.margin.left = 44
        let x = Axis(domain: bins.lower...bins.upper, pixels: frame.xPixels)
        let shares = bins.shares
        let y = Axis(covering: [0, maximumShare ?? (shares.max() ?? 1)], pixels: frame.yPixels, inverted: true)
        var body = frame.axes(x: x, y: y, xLabel: xLabel, yLabel: "share")
        for (i, share) in shares.enumerated() where share > 0 {
            let left = x.position(bins.lower + Double(i) * bins.binWidth), right = x.position(bins.lower + Double(i + 1) * bins.binWidth)
            let top = y.position(share)
            // Hatching is not needed: one series per chart, outlined in black for print.
            body.append("<rect x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(max(right - left - 0.5, 0.5)))\" height=\"\(c(frame.plotBottom - top))\" fill=\"\(style.color)\" fill-opacity=\"0.55\" stroke=\"#000\" stroke-width=\"0.5\"/>")
        }
        if let mean, x.contains(mean) {
            let px = x.position(mean)
            body.append("<line x1=\"\(c(px))\" y1=\"\(c(frame.plotTop))\" x2=\"\(c(px))\" y2=\"\(c(frame.plotBottom))\" stroke=\"#000\" stroke-width=\"1.2\" stroke-dasharray=\"4 2\"/>")
            // The label goes on the side of the line with more room.
            let right = px < (frame.plotLeft + frame.plotRight) / 2
            body.append("<text x=\"\(c(right ? px + 3 : px - 3))\" y=\"\(c(frame.plotTop + 11))\" text-anchor=\"\(right ? "start" : "end")\" font-size=\"10\">mean \(HTML.escape(NumberFormat.short(mean)))</text>")
        }
        let description = "Histogram of \(xLabel), \(NumberFormat.short(bins.total)) samples in \(bins.counts.count) bins from \(NumberFormat.short(bins.lower)) to \(NumberFormat.short(bins.upper)); shares " +
            shares.map { NumberFormat.short($0, digits: 2) }.joined(separator: " ")
        return frame.svg(title: title, description: description, clipID: id, body: body)
    }
}
