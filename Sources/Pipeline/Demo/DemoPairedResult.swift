import Foundation
import Mismatch
import Optimize

/// The policies of the paired re-evaluation, by their file names under `paired/<condition>/`.
public enum DemoPolicyRole: String, Codable, CaseIterable, Sendable {
    /// The base policy (step 0, the reference of every run).
    case start
    /// The single run's checkpoint at its own held-out gold peak (`biased` only).
    case peak
    case singleFinal = "single-final"
    case uwoFinal = "uwo-final"
}

/// What the paired re-evaluation measured, per condition: each policy's gold and proxy (means over
/// prompts, SE over prompts) and the differences the targets test, each paired by prompt. Every number
/// is recomputable from `files` (docs/demo.md, "Recomputing a z").
public struct DemoPairedResult: Codable, Equatable, Sendable {
    public struct Condition: Codable, Equatable, Sendable {
        /// Gold and proxy of each evaluated policy, keyed by `DemoPolicyRole`'s raw value.
        public var gold: [String: Estimate]
        public var proxy: [String: Estimate]
        /// re-evaluated gold(peak) − gold(start) (`biased` only).
        public var peakMinusStart: Difference?
        /// gold(end) − gold(peak) and proxy(end) − proxy(peak) (`biased` only).
        public var endMinusPeak: Difference?
        public var proxyEndMinusPeak: Difference?
        /// UWO − single final gold.
        public var uwoMinusSingle: Difference?
        /// The members' error correlation on the base policy's samples.
        public var errorCorrelation: MemberErrorCorrelation?
        /// The sample files, relative to the seed's folder.
        public var files: [String: String]

        enum CodingKeys: String, CodingKey {
            case gold, proxy, files
            case peakMinusStart = "peak_minus_start"
            case endMinusPeak = "end_minus_peak"
            case proxyEndMinusPeak = "proxy_end_minus_peak"
            case uwoMinusSingle = "uwo_minus_single"
            case errorCorrelation = "error_correlation"
        }
    }

    /// The single run's evaluation step with the highest held-out gold (what the re-evaluation re-measures).
    public var peakStep: Int
    public var prompts: Int
    public var samplesPerPrompt: Int
    public var conditions: [String: Condition]

    enum CodingKeys: String, CodingKey {
        case prompts, conditions
        case peakStep = "peak_step"
        case samplesPerPrompt = "samples_per_prompt"
    }

    public subscript(condition: DemoCondition) -> Condition? { conditions[condition.rawValue] }

    init(peakStep: Int, design: DemoPairedEvaluation.PromptDesign, samples: [DemoCondition: [DemoPolicyRole: [EvaluationSample]]], folder: URL) throws {
        self.peakStep = peakStep
        prompts = design.prompts.count
        samplesPerPrompt = design.samplesPerPrompt
        var conditions: [String: Condition] = [:]
        for (condition, byRole) in samples {
            func difference(_ a: DemoPolicyRole, minus b: DemoPolicyRole, _ figure: ([EvaluationSample]) -> [Double]) -> Difference? {
                guard let x = byRole[a], let y = byRole[b] else { return nil }
                return PairedSamples.difference(x, minus: y, figure)
            }
            var entry = Condition(
                gold: byRole.reduce(into: [:]) { $0[$1.key.rawValue] = PairedSamples.estimate($1.value, PairedSamples.gold) },
                proxy: byRole.reduce(into: [:]) { $0[$1.key.rawValue] = PairedSamples.estimate($1.value, PairedSamples.proxy) },
                peakMinusStart: difference(.peak, minus: .start, PairedSamples.gold),
                endMinusPeak: difference(.singleFinal, minus: .peak, PairedSamples.gold),
                proxyEndMinusPeak: difference(.singleFinal, minus: .peak, PairedSamples.proxy),
                uwoMinusSingle: difference(.uwoFinal, minus: .singleFinal, PairedSamples.gold),
                errorCorrelation: nil,
                files: byRole.keys.reduce(into: [:]) { $0[$1.rawValue] = "\(DemoFiles.paired)/\(condition.rawValue)/\($1.rawValue).jsonl" })
            if let start = byRole[.start] {
                var promptIDs: [String: Int] = [:]
                entry.errorCorrelation = MemberErrorCorrelation(
                    memberRewards: start.map(\.memberRewards), gold: PairedSamples.gold(start),
                    prompts: start.map { sample in promptIDs[sample.prompt] ?? { promptIDs[sample.prompt] = promptIDs.count; return promptIDs.count - 1 }() })
            }
            conditions[condition.rawValue] = entry
        }
        self.conditions = conditions
    }
}
