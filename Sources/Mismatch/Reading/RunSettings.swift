import Foundation

/// What the analysis needs from a run's config.json (DESIGN.md §5): the method, the reward
/// objective and the settings that explain a curve. Everything else in the file is left to its owner.
public struct RunSettings: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        /// RLOO, GRPO, PPO, …: rows per step, held-out evaluations under `eval/…`.
        case online
        /// Best-of-n: one row per n.
        case bestOfN = "best_of_n"
    }

    public var kind: Kind
    public var method: String
    /// `single`, `mean`, `wco` or `uwo`.
    public var objective: String?
    public var uwoLambda: Double?
    /// β, the KL coefficient (the starting value when adaptive).
    public var klCoefficient: Double?
    public var adaptiveKL: Bool?
    public var targetKL: Double?
    public var klEstimator: String?
    public var klPlacement: String?
    public var learningRate: Double?
    public var seed: Int?
    /// Online: updates; best-of-n: the pool size N.
    public var steps: Int?
    public var poolSize: Int?
    public var evalSamples: Int?
    public var rewards: [String]
    public var policy: String?
    public var world: String?

    enum CodingKeys: String, CodingKey {
        case kind, method, objective, seed, steps, rewards, policy, world
        case uwoLambda = "uwo_lambda"
        case klCoefficient = "kl_coefficient"
        case adaptiveKL = "adaptive_kl"
        case targetKL = "target_kl"
        case klEstimator = "kl_estimator"
        case klPlacement = "kl_placement"
        case learningRate = "learning_rate"
        case poolSize = "pool_size"
        case evalSamples = "eval_samples"
    }

    /// Methods trained on preference pairs: they have no rollouts, no KL curve, nothing to read here.
    static let offlineMethods: Set<String> = ["dpo", "ipo"]

    static func read(_ url: URL) throws -> RunSettings {
        let object = try JSONObject.read(url)
        let method = try object.requiredString("method")
        if offlineMethods.contains(method) { throw MismatchError.unsupportedMethod(path: url.path, method: method) }
        let kind: Kind = method == "bon" ? .bestOfN : .online
        var adaptive: Bool?
        if let value = object.fields["adaptive_kl"], !(value is NSNull) {
            guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else {
                throw MismatchError.wrongType(path: url.path, line: nil, field: "adaptive_kl", expected: "a boolean")
            }
            adaptive = number.boolValue
        }
        func integer(_ key: String) throws -> Int? { try object.number(key) == nil ? nil : try object.requiredInteger(key) }
        return RunSettings(
            kind: kind, method: method, objective: try object.string("objective"), uwoLambda: try object.number("uwo_lambda"),
            klCoefficient: try object.number("kl_coefficient"), adaptiveKL: adaptive, targetKL: try object.number("target_kl"),
            klEstimator: try object.string("kl_estimator"), klPlacement: try object.string("kl_placement"),
            learningRate: try object.number("learning_rate"), seed: try integer("seed"),
            steps: kind == .online ? try integer("steps") : nil, poolSize: kind == .bestOfN ? try integer("n") : nil,
            evalSamples: try integer("eval_samples"),
            // Online configs say `rewards`, best-of-n's `reward`.
            rewards: try object.strings("rewards") + object.strings("reward"),
            policy: try object.string("policy"), world: try object.string("world"))
    }
}
