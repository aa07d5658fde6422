import Foundation

/// β of the per-token KL penalty: fixed, or adapted toward a target KL (Ziegler et al. 2019,
/// "Fine-Tuning Language Models from Human Preferences", §2.2):
/// e = clip(KL/target − 1, −0.2, 0.2), β ← β·(1 + e·n/H), n the samples of the step, H the horizon.
public struct KLController: Codable, Equatable, Sendable {
    public private(set) var coefficient: Double
    public let adaptive: Bool
    public let target: Double
    public let horizon: Double

    public init(coefficient: Double, adaptive: Bool, target: Double, horizon: Double) {
        self.coefficient = coefficient
        self.adaptive = adaptive
        self.target = target
        self.horizon = horizon
    }

    public init(coefficient: Double, settings: PPOSettings) {
        self.init(coefficient: coefficient, adaptive: settings.adaptiveKL, target: settings.targetKL, horizon: settings.klHorizon)
    }

    /// After a step whose samples had mean per-sequence KL `currentKL` (nats).
    public mutating func update(currentKL: Double, samples: Int) {
        guard adaptive, currentKL.isFinite else { return }
        let error = min(max(currentKL / target - 1, -0.2), 0.2)
        coefficient *= 1 + error * Double(samples) / horizon
    }

    enum CodingKeys: String, CodingKey {
        case coefficient = "kl_coefficient"
        case adaptive = "adaptive_kl"
        case target = "target_kl"
        case horizon = "kl_horizon"
    }
}

extension KLController {
    /// A resumed run's β (the rest comes from the settings).
    mutating func restore(coefficient: Double) { self.coefficient = coefficient }
}
