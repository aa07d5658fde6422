import Foundation

/// Numbers as the report prints them: a few significant digits, a true minus sign, no locale.
public enum NumberFormat {
    /// `digits` significant digits, trailing zeros dropped ("0.25", "1.2e-05", "−3").
    public static func short(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "−∞") }
        if value == 0 { return "0" }
        var text = String(format: "%.\(digits)g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text.replacingOccurrences(of: "-", with: "−")
    }

    /// Fixed decimals ("0.765"), with a true minus sign.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return short(value) }
        let text = String(format: "%.\(decimals)f", value)
        return (text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text).replacingOccurrences(of: "-", with: "−")
    }

    /// A share as a percentage ("76.5%").
    /// With an explicit sign: "+0.031", "−0.020" (a true minus sign, as `fixed` writes it).
    public static func signed(_ value: Double, decimals: Int) -> String { (value > 0 ? "+" : "") + fixed(value, decimals: decimals) }

    public static func percent(_ value: Double, decimals: Int = 1) -> String { fixed(value * 100, decimals: decimals) + "%" }

    /// "v ± se".
    public static func withError(_ value: Double, _ se: Double?, decimals: Int = 3) -> String {
        guard let se, se.isFinite else { return fixed(value, decimals: decimals) }
        return fixed(value, decimals: decimals) + " ± " + fixed(se, decimals: decimals)
    }

    /// Coordinates inside SVG: plain ASCII, at most two decimals.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.2f", rounded)
    }
}
