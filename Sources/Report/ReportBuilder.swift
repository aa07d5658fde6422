import Foundation
import Mismatch
import Tensor

public struct ReportOptions: Sendable {
    /// eval.json of `ceiling reward eval` for the reward model; nil: looked for next to the reward run.
    public var rewardEval: URL?
    /// Held-out samples drawn per online checkpoint (step 0, gold peak, end); 0 draws none.
    public var samples: Int
    /// Prompts in the completions table.
    public var shownPrompts: Int
    public var seed: UInt64
    public var title: String
    /// mitigation.json of a demo (the mitigation under biased and under random-flip labels); nil: no such section.
    public var mitigation: URL?

    public init(rewardEval: URL? = nil, samples: Int = 64, shownPrompts: Int = 4, seed: UInt64 = 0, title: String = "Ceiling report",
                mitigation: URL? = nil) {
        self.mitigation = mitigation
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
        let runs = try analyze(urls, options: options)
        let comparisons = RunComparison.pairs(runs.compactMap(\.analysis))

        var samples: [(run: ReportedRun, samples: [CheckpointSamples], note: String?)] = []
        for run in runs where run.files.isOnline || run.files.isBestOfN {
            let peak = run.curve?.goldPeak?.peak.index
            if run.files.isBestOfN {
                let n = run.files.config["n"]?.int ?? (run.curve?.points.last?.index ?? 1)
                let ns = Array(Set([1, peak ?? 1, n])).sorted()
                let loaded = try BestOfNSamples.load(run: run.files, ns: ns, peak: peak, prompts: options.shownPrompts, seed: options.seed)
                samples.append((run, loaded, loaded.isEmpty ? "\(run.name): no pool.jsonl, so no per-sample histograms or completions." : nil))
            } else if let kept = try EvaluationSamples.load(run: run.files, peakStep: peak, shown: options.shownPrompts) {
                samples.append((run, kept, nil))
            } else if options.samples > 0 {
                let choices = CheckpointSampler.choices(run: run.files, peakStep: peak)
                progress("\(run.name): sampling \(options.samples) held-out prompts at \(choices.map(\.label).joined(separator: ", "))")
                let drawn = try CheckpointSampler.sample(run: run.files, choices: choices, count: options.samples, shown: options.shownPrompts, seed: options.seed)
                samples.append((run, drawn, drawn.isEmpty ? "\(run.name): no checkpoints found to sample." : nil))
            } else {
                samples.append((run, [], "\(run.name): online runs store no per-sample evaluation rows and sampling was turned off (--samples 0)."))
            }
        }

        var sections: [ReportSection] = []
        sections.append(ReportSection(id: "verdict", title: "Verdict", body: VerdictSection.html(runs)))
        sections.append(ReportSection(id: "curves", title: "Overoptimization curves", body: CurvesSection.html(runs)))
        sections.append(ReportSection(id: "comparison", title: "Comparison of runs", body: ComparisonSection.html(runs, comparisons: comparisons)))
        let ensembleErrors = try runs.filter(\.files.isBestOfN).compactMap { run in
            try PoolErrorCorrelation.measure(run: run.files.url).map { (run: run.name, errors: $0) }
        }
        sections.append(ReportSection(id: "ensemble-errors", title: "Ensemble members' shared errors", body: EnsembleErrorsSection.html(ensembleErrors)))
        if let mitigation = options.mitigation {
            sections.append(ReportSection(id: "mitigation-conditions", title: "Ensembles under biased and under random-flip labels",
                                          body: MitigationSection.html(try MitigationConditions.read(mitigation))))
        }
        sections.append(ReportSection(id: "calibration", title: "Reward-model calibration", body: CalibrationSection.html(runs.map(\.lineage))))
        sections.append(ReportSection(id: "correlations", title: "Correlations across checkpoints", body: CorrelationSection.html(runs)))
        var histogramParts: [HTML] = [], completionParts: [HTML] = []
        for (i, entry) in samples.enumerated() {
            if let note = entry.note { histogramParts.append(HTML.paragraph(note, className: "missing")); completionParts.append(HTML.paragraph(note, className: "missing")) }
            guard !entry.samples.isEmpty else { continue }
            let peak = entry.run.curve?.goldPeak.map { "The measured gold peak is at \(entry.run.positionName) \($0.peak.index); \"(peak)\" marks the nearest checkpoint." }
            histogramParts.append(SamplesSections.histograms(run: entry.run.name, samples: entry.samples, index: i, peak: peak))
            completionParts.append(SamplesSections.completions(run: entry.run.name, samples: entry.samples))
        }
        let samplingNote = HTML.paragraph("Online runs: the held-out samples of the run's own evaluations (evaluations/step-N.jsonl) at step 0, at the gold peak and at the end — the same prompts and random streams each time; for runs without them, \(options.samples) held-out samples (seed \(options.seed)) drawn from the checkpoints at step 0, nearest the gold peak and at the end. Best-of-n reads its pool.jsonl.", className: "note")
        if histogramParts.isEmpty { histogramParts.append(HTML.paragraph("No optimization run was given: nothing to histogram.", className: "missing")) }
        if completionParts.isEmpty { completionParts.append(HTML.paragraph("No optimization run was given: no completions.", className: "missing")) }
        sections.append(ReportSection(id: "histograms", title: "Reward and length histograms", body: samplingNote + HTML.join(histogramParts)))
        sections.append(ReportSection(id: "completions", title: "Completions: start, gold peak, end", body: HTML.join(completionParts)))
        let cards = runs.map { run in HTML(markup: "<h3>\(HTML.escape(run.name))</h3>") + DisclosureCard(run: run).html }
        let cardLead = HTML.paragraph("The items Casper et al. (2023, “Open problems and fundamental limitations of RLHF”, §5) ask RLHF work to disclose, filled from the configs and measurements of the run and of the runs its config names; “not recorded” where no file holds the value.", className: "note")
        sections.append(ReportSection(id: "disclosure", title: "Disclosure card", body: cardLead + HTML.join(cards)))
        sections.append(ReportSection(id: "sources", title: "Files read", body: SourcesSection.html(runs.map(\.lineage))))
        let subtitle = "Runs: " + runs.map { "\($0.name) (\($0.files.method))" }.joined(separator: ", ")
        return ReportDocument(title: options.title, subtitle: subtitle, sections: sections)
    }

    /// Reads each run, traces its lineage, and has Mismatch analyse the optimization runs. A run
    /// Mismatch cannot read keeps its problem as a sentence for the report instead of failing it.
    public static func analyze(_ urls: [URL], options: ReportOptions = ReportOptions()) throws -> [ReportedRun] {
        // A file named on the command line must exist and be JSON; files found by looking around are optional.
        if let explicit = options.rewardEval { _ = try JSONValue.read(explicit) }
        let names = RunNames.distinct(urls)
        return try zip(urls, names).map { url, name in
            let files = try RunFiles.load(url)
            var run = ReportedRun(files: files, lineage: RunLineage.trace(files, rewardEval: options.rewardEval), name: name)
            guard files.isOnline || files.isBestOfN else { return run }
            do {
                var record = try RunRecord.read(url)
                record.name = name
                run.record = record
                run.analysis = MismatchAnalysis.analyze(records: [record]).runs.first
            } catch {
                run.problem = "\(error)"
            }
            return run
        }
    }

    /// Writes the page atomically (a temporary file in the same folder, then a rename); creates
    /// missing folders.
    public static func write(_ document: ReportDocument, to url: URL) throws {
        do { try AtomicFile.write(Data(document.html.utf8), to: url) } catch {
            throw ReportError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}
