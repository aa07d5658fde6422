import Foundation
import Tensor
import Train

/// Everything `ceiling reward eval` measures, written as eval.json (sorted keys). A section the
/// inputs cannot support is absent and `not_computed` says why.
public struct RewardEvalReport: Codable, Equatable, Sendable {
    public struct Inputs: Codable, Equatable, Sendable {
        public var model: String
        public var data: String
        public var world: String?
        public var split: String
        public init(model: String, data: String, world: String?, split: String) {
            self.model = model
            self.data = data
            self.world = world
            self.split = split
        }
    }

    public struct Records: Codable, Equatable, Sendable {
        public var read: Int
        public var pairsEvaluated: Int
        public var skippedUnpaired: Int
        public var pairsFromRankings: Int
        public var triggerStripped: Int

        enum CodingKeys: String, CodingKey {
            case read
            case pairsEvaluated = "pairs_evaluated"
            case skippedUnpaired = "skipped_unpaired"
            case pairsFromRankings = "pairs_from_rankings"
            case triggerStripped = "trigger_stripped"
        }
    }

    public var version = 1
    public var inputs: Inputs
    /// Seed of every controlled response (bias probes, gibberish).
    public var seed: UInt64
    /// Most prompts (or responses) per probe.
    public var probeLimit: Int
    public var members: Int
    public var records: Records
    /// Standard deviation of the mean reward over every evaluated response: the unit of "…_in_spread" figures.
    public var rewardSpread: Double?
    public var accuracy: PairAccuracy
    public var calibration: Calibration
    public var goldAgreement: GoldAgreement?
    public var inheritedPreferences: InheritedPreferences?
    public var lengthBias: LengthBias?
    public var refusalBias: RefusalBias?
    public var invariance: Invariance?
    public var adversarial: AdversarialResponses?
    public var ensemble: EnsembleDisagreement?
    /// Section name → why it is absent.
    public var notComputed: [String: String]

    enum CodingKeys: String, CodingKey {
        case version, inputs, seed, members, records, accuracy, calibration, invariance, adversarial, ensemble
        case probeLimit = "probe_limit"
        case rewardSpread = "reward_spread"
        case goldAgreement = "gold_agreement"
        case inheritedPreferences = "inherited_preferences"
        case lengthBias = "length_bias"
        case refusalBias = "refusal_bias"
        case notComputed = "not_computed"
    }

    /// eval.json: pretty, sorted keys, written atomically.
    public func write(to url: URL) throws {
        do {
            try AtomicFile.write(try JSONFormat.pretty(self), to: url)
        } catch {
            throw RewardEvalError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}
