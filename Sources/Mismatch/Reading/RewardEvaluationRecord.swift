import Foundation

/// The figures of a reward model's eval.json (docs/reward-eval.md) that a mismatch summary cites:
/// how well the proxy agrees with gold before any optimization, and which flaws it inherited.
/// Sections eval.json leaves out (no world, one member) are nil here.
public struct RewardEvaluationRecord: Codable, Equatable, Sendable {
    public struct InheritedFlaw: Codable, Equatable, Sendable {
        public var flaw: String
        public var pairs: Int
        public var labels: Double
        public var gold: Double
        public var rewardModel: Double
        public var excessOverGold: Estimate

        enum CodingKeys: String, CodingKey {
            case flaw, pairs, labels, gold
            case rewardModel = "reward_model"
            case excessOverGold = "excess_over_gold"
        }
    }

    public var path: String
    public var model: String?
    public var members: Int
    public var pairs: Int
    public var accuracy: Double
    public var expectedCalibrationError: Double
    public var meanLogLoss: Double?
    public var rewardGoldAgreement: Double?
    public var labelGoldAgreement: Double?
    public var inheritedFlaws: [InheritedFlaw]
    public var lengthCorrelationAtMatchedGold: Double?
    public var benignAlarmingRefusalPreferred: Double?
    public var harmfulRefusalPreferred: Double?
    public var ensembleLabelErrorAUROC: Double?
    public var ensembleGoldErrorAUROC: Double?
    public var notComputed: [String: String]

    enum CodingKeys: String, CodingKey {
        case path, model, members, pairs, accuracy
        case expectedCalibrationError = "expected_calibration_error"
        case meanLogLoss = "mean_log_loss"
        case rewardGoldAgreement = "reward_gold_agreement"
        case labelGoldAgreement = "label_gold_agreement"
        case inheritedFlaws = "inherited_flaws"
        case lengthCorrelationAtMatchedGold = "length_correlation_at_matched_gold"
        case benignAlarmingRefusalPreferred = "benign_alarming_refusal_preferred"
        case harmfulRefusalPreferred = "harmful_refusal_preferred"
        case ensembleLabelErrorAUROC = "ensemble_label_error_auroc"
        case ensembleGoldErrorAUROC = "ensemble_gold_error_auroc"
        case notComputed = "not_computed"
    }

    static let flaws = ["longer", "refusal_on_benign_alarming", "confident", "wrong_answer"]

    public static func read(_ url: URL) throws -> RewardEvaluationRecord {
        let file = try JSONObject.read(url)
        func section(_ key: String) throws -> JSONObject {
            guard let object = try file.object(key) else { throw MismatchError.missingField(path: url.path, line: nil, field: key) }
            return object
        }
        let accuracy = try section("accuracy")
        let calibration = try section("calibration")
        let agreement = try file.object("gold_agreement")
        var flaws: [InheritedFlaw] = []
        if let inherited = try file.object("inherited_preferences") {
            for name in Self.flaws {
                guard let flaw = try inherited.object(name) else { continue }
                flaws.append(InheritedFlaw(
                    flaw: name, pairs: try flaw.requiredInteger("pairs"), labels: try flaw.requiredNumber("labels"),
                    gold: try flaw.requiredNumber("gold"), rewardModel: try flaw.requiredNumber("reward_model"),
                    excessOverGold: Estimate(value: try flaw.requiredNumber("excess_over_gold"),
                                             standardError: try flaw.number("excess_over_gold_se"))))
            }
        }
        let refusal = try file.object("refusal_bias")
        let ensemble = try file.object("ensemble")
        var notComputed: [String: String] = [:]
        if let reasons = try file.object("not_computed") {
            for key in reasons.fields.keys.sorted() { notComputed[key] = try reasons.string(key) }
        }
        return RewardEvaluationRecord(
            path: url.path, model: try file.object("inputs")?.string("model"), members: try file.requiredInteger("members", minimum: 1),
            pairs: try accuracy.requiredInteger("pairs"), accuracy: try accuracy.requiredNumber("accuracy"),
            expectedCalibrationError: try calibration.requiredNumber("expected_calibration_error"),
            meanLogLoss: try calibration.number("mean_log_loss"),
            rewardGoldAgreement: try agreement?.number("reward_gold_agreement"),
            labelGoldAgreement: try agreement?.number("label_gold_agreement"), inheritedFlaws: flaws,
            lengthCorrelationAtMatchedGold: try file.object("length_bias")?.number("within_gold_bin_correlation"),
            benignAlarmingRefusalPreferred: try refusal?.object("benign_alarming")?.number("refusal_preferred_rate"),
            harmfulRefusalPreferred: try refusal?.object("harmful")?.number("refusal_preferred_rate"),
            ensembleLabelErrorAUROC: try ensemble?.number("label_error_auroc"),
            ensembleGoldErrorAUROC: try ensemble?.number("gold_error_auroc"), notComputed: notComputed)
    }
}
