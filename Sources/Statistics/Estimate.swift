import Foundation

/// A measured mean with its standard error (sample sd/√n) and, for rates, how many samples it counts.
public struct Estimate: Codable, Equatable, Sendable {
    public var value: Double
    public var standardError: Double?
    public var count: Int?

    public init(value: Double, standardError: Double? = nil, count: Int? = nil) {
        self.value = value
        self.standardError = standardError
        self.count = count
    }

    enum CodingKeys: String, CodingKey {
        case value
        case standardError = "se"
        case count = "n"
    }

    /// `self − other` for two independent estimates: SE √(se₁² + se₂²), nil when either SE is unknown.
    public func minus(_ other: Estimate) -> Estimate {
        let se = standardError.flatMap { a in other.standardError.map { b in (a * a + b * b).squareRoot() } }
        return Estimate(value: value - other.value, standardError: se)
    }
}
