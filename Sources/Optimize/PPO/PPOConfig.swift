import Foundation
import Model
import Reward

/// config.json of `optimize ppo`: the online settings and PPO's own, side by side in one flat object
/// with `"method": "ppo"`.
public struct PPOConfig: OnlineMethodConfig, Equatable {
    public var online: OnlineSettings
    public var ppo: PPOSettings

    public var method: String { "ppo" }

    public init(online: OnlineSettings = OnlineSettings(), ppo: PPOSettings = PPOSettings()) {
        self.online = online
        self.ppo = ppo
    }

    enum CodingKeys: String, CodingKey { case method }

    public init(from decoder: Decoder) throws {
        let method = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .method)
        guard method == "ppo" else {
            throw DecodingError.dataCorrupted(.init(codingPath: [CodingKeys.method], debugDescription: "method \"\(method)\" is not ppo"))
        }
        online = try OnlineSettings(from: decoder)
        ppo = try PPOSettings(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        try online.encode(to: encoder)
        try ppo.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
    }

    public func validate() throws {
        try ppo.validate()
        if ppo.adaptiveKL, online.klCoefficient <= 0 {
            throw OnlineError.invalidSetting(name: "kl_coefficient", value: "\(online.klCoefficient)",
                                             expected: "> 0 with adaptive_kl (a multiplicative controller never leaves 0)")
        }
    }

    /// PPO on `policy`, its value model started as `value_init` says (from the first member of the
    /// first `rewards` entry for `reward`).
    public func makeMethod(policy: GPT) throws -> any OnlineMethod {
        try PPOMethod(policy: policy, value: try makeValueModel(policy: policy), config: self)
    }

    public func makeValueModel(policy: GPT) throws -> ValueModel {
        switch ppo.valueInitialization {
        case .policy:
            return try ValueModel.initialize(fromPolicy: policy)
        case .reward:
            guard let first = online.rewards.first, let member = try RewardModels.members(URL(fileURLWithPath: first)).first else {
                throw OnlineError.invalidSetting(name: "rewards", value: "\(online.rewards)", expected: "a reward model to start the value model from (value_init reward)")
            }
            return try ValueModel.initialize(fromReward: member, policy: policy.config)
        }
    }
}
