import Foundation

/// How the members of a reward ensemble become the one number a policy is optimized against
/// (Coste et al. 2023). Members arrive normalized (each member's z-score on reference-policy samples,
/// stored with the model), so that their offsets agree and λ has a scale.
public enum RewardObjectiveKind: String, Codable, CaseIterable, Sendable {
    /// The first member alone (a single reward model).
    case single
    /// The ensemble mean.
    case mean
    /// Worst-case optimization: the minimum over members.
    case wco
    /// Uncertainty-weighted optimization: mean − λ·(population variance over members).
    case uwo
}

public struct RewardObjective: Codable, Equatable, Sendable {
    public var kind: RewardObjectiveKind
    /// λ of UWO (Coste et al. used 0.5 for best-of-n, 0.1 for PPO); ignored by the other objectives.
    public var uwoLambda: Double

    public init(kind: RewardObjectiveKind = .single, uwoLambda: Double = 0.1) {
        self.kind = kind
        self.uwoLambda = uwoLambda
    }

    enum CodingKeys: String, CodingKey {
        case kind = "objective"
        case uwoLambda = "uwo_lambda"
    }

    /// The objective of one item from its members' normalized rewards.
    public func value(members: [Float]) -> Float {
        guard let first = members.first else { return .nan }
        switch kind {
        case .single: return first
        case .mean: return Self.mean(members)
        case .wco: return members.min() ?? first
        case .uwo: return Self.mean(members) - Float(uwoLambda) * Self.variance(members)
        }
    }

    public static func mean(_ values: [Float]) -> Float {
        values.reduce(0, +) / Float(max(values.count, 1))
    }

    /// Population variance (divides by K, as the UWO formula does).
    public static func variance(_ values: [Float]) -> Float {
        let m = mean(values)
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Float(max(values.count, 1))
    }

    /// Standard deviation over members (the `ensemble_std` metric); 0 for one member.
    public static func standardDeviation(_ values: [Float]) -> Float { variance(values).squareRoot() }
}
