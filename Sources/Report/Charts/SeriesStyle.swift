import Foundation

/// A marker shape: on paper without colour, series differ by marker and dash pattern.
public enum MarkerShape: String, CaseIterable, Sendable {
    case circle, square, triangle, diamond, cross, none

    /// The marker as SVG at (x, y), `size` its half-width in pixels.
    func svg(x: Double, y: Double, size: Double, color: String) -> String {
        let c = NumberFormat.coordinate
        switch self {
        case .none: return ""
        case .circle:
            return "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(size))\" fill=\"\(color)\" stroke=\"#000\" stroke-width=\"0.6\"/>"
        case .square:
            return "<rect x=\"\(c(x - size))\" y=\"\(c(y - size))\" width=\"\(c(2 * size))\" height=\"\(c(2 * size))\" fill=\"#fff\" stroke=\"\(color)\" stroke-width=\"1.6\"/>"
        case .triangle:
            let h = size * 1.2
            return "<polygon points=\"\(c(x)),\(c(y - h)) \(c(x - h)),\(c(y + h * 0.8)) \(c(x + h)),\(c(y + h * 0.8))\" fill=\"\(color)\" stroke=\"#000\" stroke-width=\"0.6\"/>"
        case .diamond:
            let h = size * 1.3
            return "<polygon points=\"\(c(x)),\(c(y - h)) \(c(x + h)),\(c(y)) \(c(x)),\(c(y + h)) \(c(x - h)),\(c(y))\" fill=\"#fff\" stroke=\"\(color)\" stroke-width=\"1.6\"/>"
        case .cross:
            return "<path d=\"M\(c(x - size)) \(c(y - size))L\(c(x + size)) \(c(y + size))M\(c(x - size)) \(c(y + size))L\(c(x + size)) \(c(y - size))\" stroke=\"\(color)\" stroke-width=\"1.8\" fill=\"none\"/>"
        }
    }
}

/// How a series is drawn: a colour (Okabe–Ito, safe for colour-blind readers), a dash pattern and a
/// marker, so that series stay apart in greyscale print.
public struct SeriesStyle: Equatable, Sendable {
    public var color: String
    public var dash: String?
    public var marker: MarkerShape

    public init(color: String, dash: String? = nil, marker: MarkerShape = .circle) {
        self.color = color
        self.dash = dash
        self.marker = marker
    }

    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
    static let dashes: [String?] = [nil, "6 3", "2 3", "8 3 2 3", "12 4"]
    static let markers: [MarkerShape] = [.circle, .square, .triangle, .diamond, .cross]

    /// The i-th style of a chart: colour, dash and marker all change with i.
    public static func indexed(_ i: Int) -> SeriesStyle {
        SeriesStyle(color: palette[i % palette.count], dash: dashes[i % dashes.count], marker: markers[i % markers.count])
    }

    var strokeAttributes: String {
        "stroke=\"\(color)\" stroke-width=\"1.8\" fill=\"none\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")
    }
}
