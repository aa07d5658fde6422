import Foundation

public enum AxisScale: Equatable, Sendable {
    case linear
    /// Base-10 logarithmic; the domain must be positive.
    case logarithmic
}

/// Maps data values onto pixels along one axis and chooses its ticks.
public struct Axis: Equatable, Sendable {
    public var domain: ClosedRange<Double>
    public var pixels: ClosedRange<Double>
    public var scale: AxisScale
    /// Vertical axes run upward: the domain's lower bound maps to `pixels.upperBound`.
    public var inverted: Bool

    /// A domain covering `values` (finite ones; positive ones on a log axis), widened to nice tick
    /// boundaries on a linear axis and to whole decades on a log one; a degenerate domain gets a margin.
    public init(covering values: [Double], pixels: ClosedRange<Double>, scale: AxisScale = .linear, inverted: Bool = false,
                includeZero: Bool = false) {
        self.pixels = pixels
        self.scale = scale
        self.inverted = inverted
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        var low = usable.min() ?? (scale == .linear ? 0 : 1)
        var high = usable.max() ?? (scale == .linear ? 1 : 10)
        if includeZero, scale == .linear { low = min(low, 0); high = max(high, 0) }
        switch scale {
        case .linear:
            if high - low < 1e-12 * max(abs(low), 1) { low -= max(abs(low) * 0.1, 0.5); high += max(abs(high) * 0.1, 0.5) }
            let step = Axis.niceStep(span: high - low, count: 5)
            domain = (floor(low / step + 1e-9) * step)...(ceil(high / step - 1e-9) * step)
        case .logarithmic:
            let lowDecade = floor(log10(low)), highDecade = max(ceil(log10(high)), lowDecade + 1)
            domain = pow(10, lowDecade)...pow(10, highDecade)
        }
    }

    public init(domain: ClosedRange<Double>, pixels: ClosedRange<Double>, scale: AxisScale = .linear, inverted: Bool = false) {
        self.domain = domain
        self.pixels = pixels
        self.scale = scale
        self.inverted = inverted
    }

    /// The pixel of `value`; values outside the domain extrapolate (callers clip with the plot area).
    public func position(_ value: Double) -> Double {
        let fraction: Double
        switch scale {
        case .linear:
            let span = domain.upperBound - domain.lowerBound
            fraction = span > 0 ? (value - domain.lowerBound) / span : 0.5
        case .logarithmic:
            let low = log10(domain.lowerBound), high = log10(domain.upperBound)
            fraction = value > 0 && high > low ? (log10(value) - low) / (high - low) : 0
        }
        let f = inverted ? 1 - fraction : fraction
        return pixels.lowerBound + f * (pixels.upperBound - pixels.lowerBound)
    }

    public func contains(_ value: Double) -> Bool {
        value.isFinite && domain.contains(value) && (scale == .linear || value > 0)
    }

    /// Tick values inside the domain: multiples of a 1-2-5 step on a linear axis; 1, 2, 5 × each
    /// decade on a log axis with few decades, whole decades otherwise.
    public var ticks: [Double] {
        switch scale {
        case .linear: return Axis.niceTicks(domain.lowerBound, domain.upperBound, count: 5)
        case .logarithmic:
            let low = Int(floor(log10(domain.lowerBound) + 1e-9)), high = Int(ceil(log10(domain.upperBound) - 1e-9))
            let multipliers: [Double] = high - low <= 2 ? [1, 2, 5] : [1]
            var ticks: [Double] = []
            for decade in low...high {
                for m in multipliers {
                    let v = m * pow(10, Double(decade))
                    if v >= domain.lowerBound * (1 - 1e-9), v <= domain.upperBound * (1 + 1e-9) { ticks.append(v) }
                }
            }
            return ticks
        }
    }

    /// The 1-2-5 step that cuts `span` into about `count` intervals.
    public static func niceStep(span: Double, count: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let normalized = raw / magnitude
        let nice: Double = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// Multiples of the nice step between `low` and `high` inclusive, rounded to the step's precision
    /// (so 0.1 · 3 prints as 0.3, and zero is exactly 0).
    public static func niceTicks(_ low: Double, _ high: Double, count: Int) -> [Double] {
        guard low.isFinite, high.isFinite, high > low else { return low.isFinite ? [low] : [] }
        let step = niceStep(span: high - low, count: count)
        let first = ceil(low / step - 1e-9), last = floor(high / step + 1e-9)
        guard last >= first, last - first < 1000 else { return [] }
        let decimals = max(0, -Int(floor(log10(step))))
        let factor = pow(10, Double(decimals))
        return stride(from: first, through: last, by: 1).map { k in
            let v = (k * step * factor).rounded() / factor
            return v == 0 ? 0 : v
        }
    }

    /// A tick's label: short, exact for 1-2-5 values.
    public func label(_ value: Double) -> String { NumberFormat.short(value, digits: 4) }
}
