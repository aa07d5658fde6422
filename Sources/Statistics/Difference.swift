import Foundation

/// How the standard error of a difference of two evaluations was computed. Every verdict names it.
public enum DifferenceMethod: String, Codable, Sendable {
    /// The two evaluations scored the same prompts with the same sampling streams: the SE is that of the
    /// mean of per-prompt differences (each prompt's samples averaged first), sd(dₚ)/√P. Samples of one
    /// prompt share the prompt's difficulty, so treating them as independent would understate the SE.
    case pairedByPrompt = "paired_by_prompt"
    /// Paired sample by sample (one sample per prompt, or no prompt known): sd(dᵢ)/√n.
    case paired
    /// Separate samples: √(SE_a² + SE_b²).
    case independent
}

/// A − B with the standard error of the difference itself, and z = (A − B)/SE: the statistic every
/// claim "A is above (or below) B" is tested on (DESIGN.md §2).
public struct Difference: Codable, Equatable, Sendable {
    public var value: Double
    public var standardError: Double
    /// value / SE; nil when the SE is 0 (identical evaluations, or fewer than two units).
    public var z: Double?
    public var method: DifferenceMethod
    /// The units the SE is computed over: prompts (paired by prompt), samples (paired), or nil (independent).
    public var units: Int?

    enum CodingKeys: String, CodingKey {
        case value, z, method, units
        case standardError = "se"
    }

    public init(value: Double, standardError: Double, method: DifferenceMethod, units: Int?) {
        self.value = value
        self.standardError = standardError
        z = standardError > 0 && standardError.isFinite ? value / standardError : nil
        self.method = method
        self.units = units
    }

    /// Σ(aᵢ − bᵢ)/n over paired samples. With `prompts` (sample i answers prompt `prompts[i]`) the
    /// differences are averaged per prompt first and the value and SE are over prompts, each prompt
    /// weighing the same; without, over samples. Nil for arrays of different lengths or fewer than two units.
    public static func paired(_ a: [Double], minus b: [Double], prompts: [String]? = nil) -> Difference? {
        guard a.count == b.count, prompts.map({ $0.count == a.count }) ?? true else { return nil }
        let differences = zip(a, b).map { $0 - $1 }
        guard let prompts else {
            guard let mean = MeanAndError(differences) else { return nil }
            return Difference(value: mean.mean, standardError: mean.standardError, method: .paired, units: differences.count)
        }
        let perPrompt = MeanAndError.promptMeans(differences, prompts: prompts)
        guard let mean = MeanAndError(perPrompt) else { return nil }
        return Difference(value: mean.mean, standardError: mean.standardError, method: .pairedByPrompt, units: perPrompt.count)
    }

    /// a − b for estimates from separate samples; nil when either SE is unknown.
    public static func independent(_ a: Estimate, minus b: Estimate) -> Difference? {
        guard let sa = a.standardError, let sb = b.standardError else { return nil }
        return Difference(value: a.value - b.value, standardError: (sa * sa + sb * sb).squareRoot(), method: .independent, units: nil)
    }

    /// "+0.031 ± 0.010 (z = +3.1, paired by prompt, 586 prompts)".
    public var description: String {
        let unit: String
        switch method {
        case .pairedByPrompt: unit = units.map { ", \($0) prompts" } ?? ""
        case .paired: unit = units.map { ", \($0) samples" } ?? ""
        case .independent: unit = ""
        }
        let zText = z.map { String(format: "z = %+.1f", $0) } ?? "z undefined"
        return String(format: "%+.3f ± %.3f (%@, %@%@)", value, standardError, zText, method.rawValue.replacingOccurrences(of: "_", with: " "), unit)
    }
}

/// Mean and standard error (sample sd/√n) of values; nil for fewer than two.
public struct MeanAndError: Equatable, Sendable {
    public var mean: Double
    public var standardError: Double
    public var sd: Double
    public var count: Int

    public init?(_ values: [Double]) {
        guard values.count >= 2 else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        self.mean = mean
        sd = variance.squareRoot()
        standardError = sd / n.squareRoot()
        count = values.count
    }

    /// As an `Estimate` (mean, SE, units counted).
    public var estimate: Estimate { Estimate(value: mean, standardError: standardError, count: count) }

    /// The mean and SE of a figure measured several times per prompt: over the prompts' means, so that
    /// samples of one prompt (which share its difficulty) count as one unit. Nil for fewer than two prompts.
    public static func byPrompt(_ values: [Double], prompts: [String]) -> MeanAndError? {
        guard values.count == prompts.count else { return nil }
        return MeanAndError(promptMeans(values, prompts: prompts))
    }

    /// Each prompt's mean, prompts in order of first appearance (so sums always run in one order).
    public static func promptMeans(_ values: [Double], prompts: [String]) -> [Double] {
        var order: [String] = [], sums: [String: (total: Double, count: Int)] = [:]
        for (prompt, value) in zip(prompts, values) {
            if sums[prompt] == nil { order.append(prompt) }
            sums[prompt, default: (0, 0)].total += value
            sums[prompt, default: (0, 0)].count += 1
        }
        return order.compactMap { sums[$0].map { $0.total / Double($0.count) } }
    }
}
