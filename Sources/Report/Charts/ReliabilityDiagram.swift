import Foundation

/// One calibration bin: predicted probabilities in [lower, upper), their mean, the observed frequency.
public struct CalibrationBin: Equatable, Sendable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    public var meanPredicted: Double?
    public var observedFrequency: Double?

    public init(lower: Double, upper: Double, count: Int, meanPredicted: Double?, observedFrequency: Double?) {
        self.lower = lower
        self.upper = upper
        self.count = count
        self.meanPredicted = meanPredicted
        self.observedFrequency = observedFrequency
    }
}

/// Observed frequency against mean predicted probability per bin, with the diagonal of perfect
/// calibration and the bins' counts as bars along the bottom (scaled to a quarter of the height).
public struct ReliabilityDiagram: Sendable {
    public var title: String
    public var bins: [CalibrationBin]
    public var width: Double
    public var height: Double

    public init(title: String, bins: [CalibrationBin], width: Double = 340, height: Double = 320) {
        self.title = title
        self.bins = bins
        self.width = width
        self.height = height
    }

    public func svg(id: String) -> String {
        let c = NumberFormat.coordinate
        let frame = ChartFrame(width: width, height: height)
        let x = Axis(domain: 0...1, pixels: frame.xPixels)
        let y = Axis(domain: 0...1, pixels: frame.yPixels, inverted: true)
        var body = frame.axes(x: x, y: y, xLabel: "predicted P(chosen wins)", yLabel: "observed frequency")
        let maxCount = Double(bins.map(\.count).max() ?? 0)
        for bin in bins where bin.count > 0 && maxCount > 0 {
            let left = x.position(bin.lower), right = x.position(bin.upper)
            let barHeight = (frame.plotBottom - frame.plotTop) * 0.25 * Double(bin.count) / maxCount
            body.append("<rect x=\"\(c(left + 1))\" y=\"\(c(frame.plotBottom - barHeight))\" width=\"\(c(right - left - 2))\" height=\"\(c(barHeight))\" fill=\"#ccc\" stroke=\"#777\" stroke-width=\"0.5\"/>")
        }
        body.append("<path d=\"M\(c(x.position(0))) \(c(y.position(0)))L\(c(x.position(1))) \(c(y.position(1)))\" stroke=\"#555\" stroke-width=\"1\" stroke-dasharray=\"4 3\" fill=\"none\"/>")
        let style = SeriesStyle.indexed(0)
        let points = bins.compactMap { bin -> (Double, Double)? in
            guard bin.count > 0, let p = bin.meanPredicted, let f = bin.observedFrequency else { return nil }
            return (x.position(p), y.position(f))
        }
        if points.count > 1 {
            body.append("<path d=\"" + points.enumerated().map { ($0.offset == 0 ? "M" : "L") + "\(c($0.element.0)) \(c($0.element.1))" }.joined() + "\" \(style.strokeAttributes)/>")
        }
        for point in points { body.append(style.marker.svg(x: point.0, y: point.1, size: 3.5, color: style.color)) }
        body.append("<text x=\"\(c(frame.plotLeft + 6))\" y=\"\(c(frame.plotTop + 13))\" font-size=\"10\">dashed: perfect calibration; bars: pairs per bin</text>")
        let description = "Reliability diagram, \(bins.count) bins: " + bins.map { bin in
            "[\(NumberFormat.short(bin.lower)), \(NumberFormat.short(bin.upper))) n=\(bin.count) predicted \(bin.meanPredicted.map { NumberFormat.short($0) } ?? "n/a") observed \(bin.observedFrequency.map { NumberFormat.short($0) } ?? "n/a")"
        }.joined(separator: "; ")
        return frame.svg(title: title, description: description, clipID: id, body: body)
    }
}
