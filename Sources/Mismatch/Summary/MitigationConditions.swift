import Foundation

/// The mitigation target over seeds, per condition: UWO − single final gold (paired by prompt on each
/// seed), its mean over seeds with the SE over seeds and a 95% t interval; met when the interval lies
/// above 0. With one seed there is no interval, so it cannot be met.
public struct MitigationCondition: Codable, Equatable, Sendable {
    /// Whose labels the reward models learned from (the demo's `biased`, `noise`).
    public var condition: String
    public var perSeed: [Difference]
    public var acrossSeeds: SeedMean?
    /// The members' mean error correlation (base policy's samples), per seed and over seeds.
    public var errorCorrelation: SeedMean?
    public var met: Bool

    enum CodingKeys: String, CodingKey {
        case condition, met
        case perSeed = "per_seed"
        case acrossSeeds = "across_seeds"
        case errorCorrelation = "error_correlation"
    }

    public init(condition: String, perSeed: [Difference], errorCorrelations: [Double]) {
        self.condition = condition
        self.perSeed = perSeed
        acrossSeeds = SeedMean(perSeed.map(\.value))
        errorCorrelation = SeedMean(errorCorrelations)
        met = acrossSeeds?.intervalAboveZero ?? false
    }

    public var line: String {
        guard let mean = acrossSeeds else { return "\(condition): MISSED (no seed measured)" }
        let interval = mean.interval95.map { String(format: "95%% interval [%+.3f, %+.3f]", $0[0], $0[1]) } ?? "no interval with one seed"
        let se = mean.standardError.map { String(format: " ± %.3f", $0) } ?? ""
        let rho = errorCorrelation.map { String(format: "; error correlation %.2f", $0.mean) } ?? ""
        return String(format: "%@: %@: UWO − single %+.3f%@ over %d seed(s), %@%@", condition, met ? "MET" : "MISSED",
                      mean.mean, se, mean.values.count, interval, rho)
    }
}

/// mitigation.json of a demo: the mitigation in each label condition over seeds and what they show
/// together; the report's section "Ensembles under biased and under random-flip labels" reads it.
public struct MitigationConditions: Codable, Equatable, Sendable {
    public static let fileName = "mitigation.json"
    public var conditions: [MitigationCondition]
    public var conclusion: String?

    public init(conditions: [MitigationCondition]) {
        self.conditions = conditions
        conclusion = Self.conclusion(conditions)
    }

    public static func read(_ url: URL) throws -> MitigationConditions {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw MismatchError.missingFile(path: url.path) }
        do { return try JSONDecoder().decode(MitigationConditions.self, from: data) } catch {
            throw MismatchError.malformedJSON(path: url.path, line: nil, reason: "not a mitigation summary: \(error)")
        }
    }

    /// The one sentence a user should take from the two conditions, chosen by what was measured.
    public static func conclusion(_ mitigation: [MitigationCondition]) -> String? {
        guard let biased = mitigation.first(where: { $0.condition == "biased" }), let noise = mitigation.first(where: { $0.condition == "noise" }),
              let b = biased.acrossSeeds, let r = noise.acrossSeeds else { return nil }
        let rho = { (m: MitigationCondition) in m.errorCorrelation.map { String(format: "%.2f", $0.mean) } ?? "?" }
        let text = String(format: "UWO − single %+.3f with biased labels (error correlation %@) and %+.3f with random-flip labels of the same agreement (%@): ",
                          b.mean, rho(biased), r.mean, rho(noise))
        switch (biased.met, noise.met) {
        case (false, true):
            return text + "an ensemble helps against the noise its members learn independently, not against a bias all of them learn from the same labels; fix the labels, not the reward model count."
        case (true, true):
            return text + "the ensemble helped under both kinds of label error."
        case (true, false):
            return text + "the ensemble helped under biased labels only; the random-flip condition shows no gain over these seeds."
        case (false, false):
            return text + "neither condition shows a gain that survives the interval over these seeds; the ensemble's effect, if any, is below what these seeds can resolve."
        }
    }
}
