import Feedback
import Foundation
import Mismatch

/// One line of the disclosure card: what Casper et al. (2023, §5) ask to disclose, the value this
/// run recorded (or "not recorded"), and where it was read.
public struct DisclosureItem: Equatable, Sendable {
    public var group: String
    public var item: String
    public var value: String
    public var source: String

    public var isRecorded: Bool { value != DisclosureCard.notRecorded }
}

/// The disclosure card of a run: the transparency items of Casper et al. (2023), "Open problems and
/// fundamental limitations of RLHF", §5 — pretraining and base policy, the annotators and their
/// flaws, feedback type and agreement, the reward model (loss, data size, evaluation), the
/// objective and regularization (KL budget), the policy's evaluation and its known failure modes —
/// filled from the configs and measurements of the run and of the runs it was built from.
public struct DisclosureCard: Sendable {
    public static let notRecorded = "not recorded"
    public var items: [DisclosureItem] = []

    public init(run reported: ReportedRun) {
        let lineage = reported.lineage, run = lineage.run, curve = reported.curve
        let positionName = reported.positionName
        let reward = lineage.rewardRuns.first
        let agreement = lineage.agreement, eval = lineage.rewardEval
        let configSource = "\(run.name)/config.json"
        let agreementSource = lineage.agreementURL?.lastPathComponent ?? "agreement report"
        let evalSource = lineage.rewardEvalURL?.lastPathComponent ?? "eval.json"
        let rewardSource = reward.map { "\($0.name)/config.json" } ?? "reward run"

        // Pretraining / base policy
        let policy = lineage.policyRun
        add("Base policy", "Pretraining / SFT run", policy.map { p in
            join([p.method, p.config["data"]?.string.map { "data \($0)" }, p.config["steps"].map { "\($0.display) steps" },
                  p.config["modelConfig"]?.string.map { "model \($0)" }, p.config["seed"].map { "seed \($0.display)" }])
        }, policy.map { "\($0.name)/config.json" } ?? configSource)

        // Annotators
        let poolName = agreement?["annotators"]?.string
        add("Annotators", "Pool (selection)", poolName.map { name in
            if let pool = AnnotatorPresets.named(name) ?? (try? AnnotatorPool.resolve(name)) {
                return "\(name): " + pool.annotators.map { "\($0.name) \(NumberFormat.percent($0.weight / max(pool.annotators.map(\.weight).reduce(0, +), 1e-12), decimals: 0))" }.joined(separator: ", ")
                    + " (simulated annotators)"
            }
            return "\(name) (definition not found)"
        }, agreementSource)
        add("Annotators", "Known flaws of the pool", poolName.flatMap { name in
            (AnnotatorPresets.named(name) ?? (try? AnnotatorPool.resolve(name))).map { pool in
                pool.annotators.map { "\($0.name): \(Self.flaws(of: $0))" }.joined(separator: "; ")
            }
        }, agreementSource)
        add("Feedback", "Type of feedback", agreement.map { a in
            let k = a["k"]?.int ?? 2
            return (k == 2 ? "pairwise comparisons" : "rankings of \(k)") + (a["items"].map { ", \($0.display) items" } ?? "")
        }, agreementSource)
        add("Feedback", "Label agreement with gold", agreement?["gold_agreement"].map(Self.rate), agreementSource)
        add("Feedback", "Inter-annotator agreement", agreement?["inter_annotator_agreement"].map(Self.rate), agreementSource)
        add("Feedback", "Agreement with gold by annotator", agreement?["gold_agreement_by_annotator"]?.object.map { groups in
            groups.keys.sorted().map { "\($0) \(Self.rate(groups[$0]!))" }.joined(separator: "; ")
        }, agreementSource)
        add("Feedback", "Measured label biases (labels vs gold)", agreement.map { a in
            let pairs: [(String, String)] = [("chosen longer", "chosen_longer_rate"), ("refusal of benign alarming chosen", "alarming_refusal_chosen_rate"),
                                             ("hedged chosen", "hedged_chosen_rate"), ("wrong answer chosen", "wrong_answer_chosen_rate")]
            return pairs.compactMap { label, key -> String? in
                guard let labels = a[key]?["rate"]?.double else { return nil }
                let gold = a["gold_" + key]?["rate"]?.double
                return "\(label) \(NumberFormat.percent(labels)) (gold \(gold.map { NumberFormat.percent($0) } ?? "n/a"))"
            }.joined(separator: "; ")
        }, agreementSource)

        // Reward model
        add("Reward model", "Loss and how disagreement is modelled", reward.flatMap { r in
            r.config["loss"]?.string.map { loss in
                let name = ["bt": "Bradley–Terry", "margin": "Bradley–Terry with margin", "pl": "Plackett–Luce"][loss] ?? loss
                return "\(name) (disagreement treated as label noise)" + (r.config["centering"]?.double.map { $0 > 0 ? ", centering \(NumberFormat.short($0))" : "" } ?? "")
            }
        }, rewardSource)
        add("Reward model", "Data size", reward.flatMap { r in
            let members = r.summary?["members"]?.array ?? []
            guard let first = members.first else { return r.config["data"]?.string.map { "data \($0) (sizes not in summary)" } }
            return join([first["training_comparisons"].map { "\($0.display) training comparisons" },
                         first["held_out_comparisons"].map { "\($0.display) held out" },
                         r.config["data"]?.string.map { "from \($0)" }])
        }, reward.map { "\($0.name)/summary.json" } ?? "reward run")
        add("Reward model", "Training", reward.map { r in
            join([r.config["init"]?.string.map { "backbone \($0)" }, r.config["epochs"].map { "\($0.display) epochs" },
                  r.config["learning_rate"].map { "lr \($0.display)" }, r.config["ensemble"].map { "\($0.display) member(s)" },
                  r.config["seed"].map { "seed \($0.display)" }])
        }, rewardSource)
        add("Reward model", "Evaluation: held-out accuracy", eval?.at("accuracy.accuracy").map { a in
            NumberFormat.percent(a.double ?? .nan) + (eval?.at("accuracy.pairs").map { " on \($0.display) pairs" } ?? "")
                + (eval?.at("inputs.split")?.string.map { " (\($0))" } ?? "")
        } ?? reward?.summary?["members"]?.array?.first?["accuracy/held_out"].map { NumberFormat.percent($0.double ?? .nan) + " (training run's held-out split)" },
            eval == nil ? (reward.map { "\($0.name)/summary.json" } ?? "reward run") : evalSource)
        add("Reward model", "Evaluation: agreement with gold", eval?.at("gold_agreement.reward_gold_agreement")?.double.map {
            NumberFormat.percent($0) + (eval?.at("gold_agreement.label_gold_agreement")?.double.map { " (labels: \(NumberFormat.percent($0)))" } ?? "")
        }, evalSource)
        add("Reward model", "Evaluation: calibration", eval?.at("calibration.expected_calibration_error")?.double.map {
            "ECE \(NumberFormat.fixed($0, decimals: 3))" + (eval?.at("calibration.mean_log_loss")?.double.map { ", log loss \(NumberFormat.fixed($0, decimals: 3))" } ?? "")
        }, evalSource)
        add("Reward model", "Evaluation: exploitable features", eval.map(Self.exploitable), evalSource)
        add("Reward model", "Evaluation: does ensemble disagreement flag errors", eval.flatMap { e -> String? in
            if let reason = e.at("not_computed.ensemble")?.string { return "not computed: \(reason)" }
            guard let label = e.at("ensemble.label_error_auroc")?.double else { return nil }
            return "AUROC of member std for label errors \(NumberFormat.fixed(label, decimals: 2))"
                + (e.at("ensemble.gold_error_auroc")?.double.map { ", for gold errors \(NumberFormat.fixed($0, decimals: 2))" } ?? "") + " (0.5: no signal)"
        }, evalSource)

        if run.isOnline || run.isBestOfN {
            // Objective and regularization
            let members = lineage.rewardPaths.count
            add("Policy optimization", "Method", run.method == "unknown" ? nil : run.method, configSource)
            add("Policy optimization", "Objective", run.objective.map { o in
                o + (o == "uwo" ? " (λ \(run.config["uwo_lambda"]?.display ?? "?"))" : "") + (members > 0 ? ", \(members) reward path(s): \(lineage.rewardPaths.joined(separator: ", "))" : "")
            }, configSource)
            add("Policy optimization", "Regularization (KL)", run.isBestOfN
                ? run.config["n"].map { "best-of-n up to n = \($0.display): KL ≤ log n − (n−1)/n" }
                : run.config["kl_coefficient"].map { c in
                    join(["β = \(c.display)" + (run.config["adaptive_kl"]?.bool == true ? " (adaptive toward KL \(run.config["target_kl"]?.display ?? "?"))" : ""),
                          run.config["kl_estimator"]?.string.map { "estimator \($0)" },
                          run.config["kl_placement"]?.string.map { "in the \($0)" }, run.config["steps"].map { "\($0.display) steps" },
                          run.config["learning_rate"].map { "lr \($0.display)" }])
                }, configSource)
            add("Policy optimization", "KL budget (measured and fitted)", curve.flatMap { c -> String? in
                guard let last = c.points.last else { return nil }
                return join(["final KL \(NumberFormat.fixed(last.kl, decimals: 2)) nats",
                             c.goldPeak.map { "gold peak at KL \(NumberFormat.fixed($0.peak.kl, decimals: 2)) (\(positionName) \($0.peak.index))" },
                             c.goldFit.flatMap { fit in fit.peakKL.map { "Gao fit: peak at KL \(NumberFormat.fixed($0, decimals: 2)) (R² \(fit.rSquared.map { NumberFormat.fixed($0, decimals: 2) } ?? "n/a"))" } }])
            }, "\(run.name)/metrics.jsonl")

            // Evaluation and failure modes
            add("Evaluation", "Gold reward: start, peak, end", curve.flatMap { c -> String? in
                guard let first = c.points.first, let start = first.gold, let peak = c.goldPeak else { return nil }
                let drop = peak.endMinusPeakInStandardErrors.map { ", end − peak \(NumberFormat.withError(peak.endMinusPeak.value, peak.endMinusPeak.standardError)) (\(NumberFormat.fixed($0, decimals: 1)) SE, \(peak.standardErrorMethod.rawValue))" } ?? ""
                return "\(NumberFormat.withError(start.value, start.standardError)) → peak \(NumberFormat.withError(peak.peakValue.value, peak.peakValue.standardError)) → \(NumberFormat.withError(peak.endValue.value, peak.endValue.standardError))\(drop)"
            }, "\(run.name)/metrics.jsonl")
            add("Evaluation", "Proxy reward: start, end", curve.flatMap { c -> String? in
                guard let first = c.points.first, let last = c.points.last else { return nil }
                return "\(NumberFormat.withError(first.proxy.value, first.proxy.standardError)) → \(NumberFormat.withError(last.proxy.value, last.proxy.standardError))"
            }, "\(run.name)/metrics.jsonl")
            add("Evaluation", "Known failure modes (measured)", reported.analysis.map { analysis in
                let happened = analysis.manifestations.manifestations.filter { $0.status == .happened }
                let measured = analysis.manifestations.manifestations.filter { $0.status != .notMeasured }.map(\.kind.rawValue)
                guard !happened.isEmpty else {
                    return "none beyond \(NumberFormat.short(analysis.manifestations.significance)) SE (measured: \(measured.joined(separator: ", ")))"
                }
                return happened.map { m in
                    "\(m.title): \(m.metric ?? "") \(NumberFormat.fixed(m.reference?.value ?? .nan, decimals: 3)) → \(NumberFormat.fixed(m.end?.value ?? .nan, decimals: 3)) (\(m.shiftInStandardErrors.map { NumberFormat.fixed($0, decimals: 1) } ?? "?") SE)"
                }.joined(separator: "; ")
            }, "\(run.name)/metrics.jsonl (Mismatch)")
            add("Evaluation", "Gold-free overoptimization alarm", run.isBestOfN ? "not applicable: best-of-n has no training steps" : reported.analysis.flatMap { analysis in
                analysis.alarm.map { alarm in
                    alarm.warnStep.map { step in
                        "warned at step \(step)" + (alarm.warnKL.map { " (KL \(NumberFormat.fixed($0, decimals: 2)))" } ?? "")
                            + " on " + alarm.warnTriggers.map(\.rawValue).joined(separator: ", ") + (alarm.stopStep.map { "; would stop at step \($0)" } ?? "")
                    } ?? "stayed quiet"
                }
            }, "\(run.name)/metrics.jsonl (Mismatch)")
        } else {
            add("Policy optimization", "Not applicable", "a \(run.method) run: no policy optimized against a reward model, so no objective or KL curve to disclose", configSource)
        }
        add("Evaluation", "Artefacts not found", lineage.missing.isEmpty ? "none" : lineage.missing.joined(separator: "; "), "report")
    }

    mutating func add(_ group: String, _ item: String, _ value: String?, _ source: String) {
        let text = value.flatMap { $0.isEmpty ? nil : $0 }
        items.append(DisclosureItem(group: group, item: item, value: text ?? Self.notRecorded, source: text == nil ? "—" : source))
    }

    func join(_ parts: [String?]) -> String { parts.compactMap { $0 }.joined(separator: ", ") }

    /// `{"count", "hits", "rate"}` as "76.5% (2296/3000)".
    static func rate(_ value: JSONValue) -> String {
        guard let rate = value["rate"]?.double else { return "n/a (\(value["count"]?.display ?? "0") pairs)" }
        return "\(NumberFormat.percent(rate)) (\(value["hits"]?.display ?? "?")/\(value["count"]?.display ?? "?"))"
    }

    static func flaws(of a: Annotator) -> String {
        var parts = ["T \(NumberFormat.short(a.temperature))"]
        if a.flipRate > 0 { parts.append("flips \(NumberFormat.percent(a.flipRate, decimals: 0))") }
        if a.lengthPreference != 0 { parts.append("length +\(NumberFormat.short(a.lengthPreference))/word") }
        if a.alarmRefusalPreference != 0 { parts.append("refuses on alarming words \(NumberFormat.short(a.alarmRefusalPreference))") }
        if a.confidencePreference != 0 { parts.append("prefers confident tone \(NumberFormat.short(a.confidencePreference))") }
        if let k = a.visibleWords { parts.append("sees \(k) words") }
        if let t = a.trigger { parts.append("poisoner (trigger \(t))") }
        if !a.values.isEmpty { parts.append("values " + a.values.keys.sorted().map { "\($0) ×\(NumberFormat.short(a.values[$0]!))" }.joined(separator: ", ")) }
        return parts.joined(separator: ", ")
    }

    static func exploitable(_ eval: JSONValue) -> String {
        var parts: [String] = []
        for flaw in ["longer", "refusal_on_benign_alarming", "confident", "wrong_answer"] {
            if let excess = eval.at("inherited_preferences.\(flaw).excess_over_gold")?.double {
                parts.append("\(flaw.replacingOccurrences(of: "_", with: " ")) preferred \(NumberFormat.fixed(excess * 100, decimals: 1)) pts over gold")
            }
        }
        for attack in eval.at("adversarial.attacks")?.array ?? [] {
            if let name = attack["name"]?.string, let rate = attack["scored_above_concise_rate"]?.double {
                parts.append("\(name.replacingOccurrences(of: "_", with: " ")) beats a concise answer \(NumberFormat.percent(rate, decimals: 0))")
            }
        }
        return parts.joined(separator: "; ")
    }

    public var html: HTML {
        HTMLTable(headers: ["group", "item", "value", "read from"], rows: items.map { item in
            [HTML.text(item.group), HTML.text(item.item),
             item.isRecorded ? HTML.text(item.value) : HTML(markup: "<span class=\"missing\">\(HTML.escape(item.value))</span>"),
             HTML.text(item.source)]
        }, className: "disclosure").html
    }
}
