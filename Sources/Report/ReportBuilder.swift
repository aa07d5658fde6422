import Foundation

public struct ReportOptions: Sendable {
    /// eval.json of `ceiling reward eval` for the reward model; nil: looked for next to the reward run.
    public var rewardEval: URL?
    /// Held-out samples drawn per online checkpoint (step 0, gold peak, end); 0 draws none.
    public var samples: Int
    /// Prompts in the completions table.
    public var shownPrompts: Int
    public var seed: UInt64
    public var title: String

    public init(rewardEval: URL? = nil, samples: Int = 64, shownPrompts: Int = 4, seed: UInt64 = 0, title: String = "Ceiling report") {
        self.rewardEval = rewardEval
        self.samples = samples
        self.shownPrompts = shownPrompts
        self.seed = seed
        self.title = title
    }
}

/// Builds the report of one or more run directories: reads what they recorded, follows their
/// configs to the reward model, preference data and SFT runs, draws a few seeded samples from online
/// checkpoints, and lays it all out as one self-contained HTML page.
public enum ReportBuilder {
    public static func build(runs urls: [URL], options: ReportOptions = ReportOptions(), progress: (String) -> Void = { _ in }) throws -> ReportDocument {
        guard !urls.isEmpty else { throw ReportError.noRuns }
        let runs = try urls.map(RunRecord.load)
        let lineages = runs.map { RunLineage.trace($0, rewardEval: options.rewardEval) }
        var curves: [String: OveroptimizationCurve] = [:]
        for run in runs { curves[run.url.path] = OveroptimizationCurve(run: run) }
        let ordered = runs.compactMap { curves[$0.url.path] }

        var samples: [(run: RunRecord, samples: [CheckpointSamples], note: String?)] = []
        for run in runs where run.isOnline || run.isBestOfN {
            let peak = curves[run.url.path]?.goldPeak?.position
            if run.isBestOfN {
                let n = run.config["n"]?.int ?? (curves[run.url.path]?.last.position ?? 1)
                let ns = Array(Set([1, peak ?? 1, n])).sorted()
                let loaded = try BestOfNSamples.load(run: run, ns: ns, peak: peak, prompts: options.shownPrompts, seed: options.seed)
                samples.append((run, loaded, loaded.isEmpty ? "\(run.name): no pool.jsonl, so no per-sample histograms or completions." : nil))
            } else if options.samples > 0 {
                let choices = CheckpointSampler.choices(run: run, peakStep: peak)
                progress("\(run.name): sampling \(options.samples) held-out prompts at \(choices.map(\.label).joined(separator: ", "))")
                let drawn = try CheckpointSampler.sample(run: run, choices: choices, count: options.samples, shown: options.shownPrompts, seed: options.seed)
                samples.append((run, drawn, drawn.isEmpty ? "\(run.name): no checkpoints found to sample." : nil))
            } else {
                samples.append((run, [], "\(run.name): online runs store no per-sample evaluation rows and sampling was turned off (--samples 0)."))
            }
        }

        var sections: [ReportSection] = []
        sections.append(ReportSection(id: "verdict", title: "Verdict", body: VerdictSection.html(runs: runs, curves: curves, lineages: lineages)))
        sections.append(ReportSection(id: "curves", title: "Overoptimization curves", body: CurvesSection.html(ordered)))
        sections.append(ReportSection(id: "comparison", title: "Comparison of runs", body: ComparisonSection.html(runs: runs, curves: curves)))
        sections.append(ReportSection(id: "calibration", title: "Reward-model calibration", body: CalibrationSection.html(lineages)))
        sections.append(ReportSection(id: "correlations", title: "Correlations across checkpoints", body: CorrelationSection.html(ordered)))
        var histogramParts: [HTML] = [], completionParts: [HTML] = []
        for (i, entry) in samples.enumerated() {
            if let note = entry.note { histogramParts.append(HTML.paragraph(note, className: "missing")); completionParts.append(HTML.paragraph(note, className: "missing")) }
            guard !entry.samples.isEmpty else { continue }
            let peak = curves[entry.run.url.path]?.goldPeak.map { "The measured gold peak is at \(entry.run.isBestOfN ? "n" : "step") \($0.position); \"(peak)\" marks the nearest checkpoint." }
            histogramParts.append(SamplesSections.histograms(run: entry.run.name, samples: entry.samples, index: i, peak: peak))
            completionParts.append(SamplesSections.completions(run: entry.run.name, samples: entry.samples))
        }
        let samplingNote = HTML.paragraph("Online runs keep only means per evaluation, so the report draws \(options.samples) held-out samples (seed \(options.seed)) from the checkpoints at step 0, nearest the gold peak and at the end, with the run's own reward objective, world and sampling settings; best-of-n reads its pool.jsonl.", className: "note")
        if histogramParts.isEmpty { histogramParts.append(HTML.paragraph("No optimization run was given: nothing to histogram.", className: "missing")) }
        if completionParts.isEmpty { completionParts.append(HTML.paragraph("No optimization run was given: no completions.", className: "missing")) }
        sections.append(ReportSection(id: "histograms", title: "Reward and length histograms", body: samplingNote + HTML.join(histogramParts)))
        sections.append(ReportSection(id: "completions", title: "Completions: start, gold peak, end", body: HTML.join(completionParts)))
        let cards = lineages.map { lineage -> HTML in
            let curve = curves[lineage.run.url.path]
            let card = DisclosureCard(lineage: lineage, curve: curve, manifestations: curve.map(MeasuredShift.manifestations) ?? [])
            return HTML(markup: "<h3>\(HTML.escape(lineage.run.name))</h3>") + card.html
        }
        let cardLead = HTML.paragraph("The items Casper et al. (2023, “Open problems and fundamental limitations of RLHF”, §5) ask RLHF work to disclose, filled from the configs and measurements of the run and of the runs its config names; “not recorded” where no file holds the value.", className: "note")
        sections.append(ReportSection(id: "disclosure", title: "Disclosure card", body: cardLead + HTML.join(cards)))
        sections.append(ReportSection(id: "sources", title: "Files read", body: SourcesSection.html(lineages)))
        let subtitle = "Runs: " + runs.map { "\($0.name) (\($0.method))" }.joined(separator: ", ")
        return ReportDocument(title: options.title, subtitle: subtitle, sections: sections)
    }

    /// Writes the page atomically (a temporary file in the same folder, then a rename).
    public static func write(_ document: ReportDocument, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try Data(document.html.utf8).write(to: temporary)
            if FileManager.default.fileExists(atPath: url.path) {
                _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: url)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}
