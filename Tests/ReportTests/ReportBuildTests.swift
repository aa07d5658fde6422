import Mismatch
import XCTest
@testable import Report

final class ReportBuildTests: XCTestCase {
    func build(_ fixture: ReportFixture, _ runs: [String]) throws -> String {
        try ReportBuilder.build(runs: runs.map(fixture.url), options: ReportOptions(samples: 0, shownPrompts: 2)).html
    }

    func testAFullReportIsSelfContainedAndEveryChartIsWellFormed() throws {
        let fixture = try ReportFixture()
        let html = try build(fixture, ["runs/rloo-single", "runs/rloo-uwo", "runs/bon", "runs/rm"])
        for id in ["verdict", "curves", "comparison", "ensemble-errors", "calibration", "correlations", "histograms", "completions", "disclosure", "sources"] {
            XCTAssertTrue(html.contains("<section id=\"\(id)\">"), id)
        }
        let svgs = XMLCheck.svgs(in: html)
        // 3 curves, 2 comparison charts, 1 reliability diagram, 3 heatmaps, 3 quantities × 3 n of best-of-n.
        XCTAssertEqual(svgs.count, 3 + 2 + 1 + 3 + 9)
        for svg in svgs { XCTAssertNotNil(XMLCheck.parse(svg)) }
        XCTAssertFalse(html.lowercased().contains("<script"), "no script, and no completion turned into one")
        XCTAssertFalse(html.contains("https://"))
        XCTAssertFalse(html.contains("<link"))
        XCTAssertFalse(html.contains("<img"))
    }

    func testRunTextIsEscapedEverywhere() throws {
        let fixture = try ReportFixture()
        let html = try build(fixture, ["runs/bon"])
        XCTAssertTrue(html.contains(HTML.escape(ReportFixture.hostilePrompt)), "the prompt is shown, escaped")
        XCTAssertFalse(html.contains(ReportFixture.hostilePrompt))
        XCTAssertTrue(html.contains("The run&#39;s own verdict: gold peaks &lt;i&gt;then&lt;/i&gt; falls"))
        XCTAssertFalse(html.contains("<i>then</i>"))
        // At n = N best-of-n always picks the highest proxy: the hostile completion, shown escaped.
        XCTAssertTrue(html.contains("<div class=\"completion\">" + HTML.escape(ReportFixture.hostileCompletion) + "</div>"))
        XCTAssertFalse(html.contains("<script>alert(1)</script>"))
    }

    func testCurvesShowMismatchFitsThatRecoverTheKnownForm() throws {
        let fixture = try ReportFixture()
        let runs = try ReportBuilder.analyze([fixture.url("runs/rloo-single")])
        let fit = try XCTUnwrap(runs[0].curve?.goldFit)
        XCTAssertEqual(fit.alpha, ReportFixture.alpha, accuracy: 1e-9)
        XCTAssertEqual(fit.beta, ReportFixture.beta, accuracy: 1e-9)
        let html = CurvesSection.html(runs).rendered
        XCTAssertTrue(html.contains("<td>0.1</td><td>0.2</td><td>1.000</td><td>0.607</td><td>0.368</td>"),
                      "α, β, R², d* = e^(α/β − 1) and its KL in the fit table")
        XCTAssertTrue(html.contains("gold fit: d(0.1 − 0.2·log d), R² 1.00"))
    }

    func testComparisonUsesMismatchPairsOfEnsembleAgainstSingle() throws {
        let fixture = try ReportFixture()
        let html = try build(fixture, ["runs/rloo-single", "runs/rloo-uwo"])
        XCTAssertTrue(html.contains("Ensemble objective minus single reward model"))
        XCTAssertTrue(html.contains("<td>rloo-uwo</td><td>rloo-single</td>"))
        XCTAssertFalse(html.contains("Per objective, over its runs"), "one pair: nothing to aggregate")
        try fixture.writeOnline("runs/rloo-single-s1", objective: "single", goldScale: 1, seed: 1)
        try fixture.writeOnline("runs/rloo-uwo-s1", objective: "uwo", goldScale: 0.8, seed: 1)
        let seeds = try build(fixture, ["runs/rloo-single", "runs/rloo-uwo", "runs/rloo-single-s1", "runs/rloo-uwo-s1"])
        XCTAssertTrue(seeds.contains("<td>uwo</td><td>rloo-uwo, rloo-uwo-s1</td>"), "each UWO run against the single run of its seed, then averaged")
        let single = try build(fixture, ["runs/rloo-single"])
        XCTAssertTrue(single.contains("Give two or more optimization runs"))
    }

    func testDisclosureCardFollowsRecordedPathsAndSaysWhatIsMissing() throws {
        let fixture = try ReportFixture()
        let run = try XCTUnwrap(ReportBuilder.analyze([fixture.url("runs/rloo-single")]).first)
        XCTAssertEqual(run.lineage.rewardRuns.map(\.name), ["rm"])
        XCTAssertEqual(run.lineage.policyRun?.name, "sft")
        XCTAssertEqual(run.lineage.agreementURL?.lastPathComponent, "prefs.agreement.json")
        XCTAssertEqual(run.lineage.rewardEvalURL?.lastPathComponent, "rm-eval.json")
        let card = DisclosureCard(run: run)
        func value(_ item: String) -> String? { card.items.first { $0.item == item }?.value }
        XCTAssertEqual(value("Label agreement with gold"), "75.0% (150/200)")
        XCTAssertEqual(value("Inter-annotator agreement"), "65.0% (13/20)")
        XCTAssertEqual(value("Data size"), "180 training comparisons, 20 held out, from runs/prefs.jsonl")
        XCTAssertEqual(value("Evaluation: calibration"), "ECE 0.050, log loss 0.660")
        XCTAssertEqual(value("Evaluation: held-out accuracy"), "62.0% on 20 pairs (last 0.1)")
        XCTAssertEqual(value("Measured label biases (labels vs gold)"), "chosen longer 50.0% (gold 40.0%)")
        XCTAssertEqual(value("Agreement with gold by annotator"), DisclosureCard.notRecorded, "the agreement report has no per-annotator figures")
        XCTAssertTrue(value("Pool (selection)")?.hasPrefix("biased: careful 45%") ?? false)
        XCTAssertTrue(value("Known flaws of the pool")?.contains("hurried: T 0.35, flips 12%, length +0.01/word, sees 8 words") ?? false)
        XCTAssertTrue(value("Regularization (KL)")?.hasPrefix("β = 0.05, estimator k1, in the reward") ?? false)
        XCTAssertTrue(value("KL budget (measured and fitted)")?.contains("Gao fit: peak at KL 0.37") ?? false)
        XCTAssertEqual(value("Pretraining / SFT run"), "sft, data runs/world/corpus.txt, 10 steps, model tiny, seed 3")
        XCTAssertEqual(value("Evaluation: does ensemble disagreement flag errors"), "not computed: the reward function has a single member")
        XCTAssertEqual(value("Artefacts not found"), "none")
    }

    func testAdaptiveKLIsDisclosedWithItsTarget() throws {
        let fixture = try ReportFixture()
        try fixture.writeOnline("runs/ppo", objective: "single", goldScale: 1)
        var config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: fixture.url("runs/ppo/config.json"))) as? [String: Any])
        config["method"] = "ppo"
        config["adaptive_kl"] = true
        config["target_kl"] = 6
        try fixture.write("runs/ppo/config.json", config)
        let run = try XCTUnwrap(ReportBuilder.analyze([fixture.url("runs/ppo")]).first)
        let value = DisclosureCard(run: run).items.first { $0.item == "Regularization (KL)" }?.value
        XCTAssertEqual(value, "β = 0.05 (adaptive toward KL 6), estimator k1, in the reward, 20 steps, lr 0.0001")
    }

    func testMissingArtefactsAreNamed() throws {
        let fixture = try ReportFixture()
        try FileManager.default.removeItem(at: fixture.url("runs/rm-eval.json"))
        try FileManager.default.removeItem(at: fixture.url("runs/prefs.agreement.json"))
        let run = try XCTUnwrap(ReportBuilder.analyze([fixture.url("runs/bon")]).first)
        let card = DisclosureCard(run: run)
        XCTAssertEqual(card.items.first { $0.item == "Label agreement with gold" }?.value, DisclosureCard.notRecorded)
        XCTAssertTrue(card.items.first { $0.item == "Artefacts not found" }?.value.contains("annotator agreement report") ?? false)
        XCTAssertEqual(card.items.first { $0.item == "Gold-free overoptimization alarm" }?.value, "not applicable: best-of-n has no training steps")
        let html = CalibrationSection.html([run.lineage]).rendered
        XCTAssertTrue(html.contains("No reward-model evaluation"))
    }

    func testBestOfNHistogramsWeightTheWholePoolBySelectionProbability() throws {
        let fixture = try ReportFixture()
        let files = try RunFiles.load(fixture.url("runs/bon"))
        let samples = try BestOfNSamples.load(run: files, ns: [1, 2, 4], peak: 2, prompts: 2, seed: 0)
        XCTAssertEqual(samples.map(\.label), ["n = 1", "n = 2 (peak)", "n = 4"])
        for s in samples {
            XCTAssertEqual(s.proxy.count, 8)
            XCTAssertEqual(s.weights?.reduce(0, +) ?? 0, 2, accuracy: 1e-12, "one unit of probability per prompt")
            XCTAssertEqual(s.shown.count, 2)
        }
        // n = N picks each prompt's highest proxy for sure.
        let top = samples[2]
        XCTAssertEqual(top.weights, [0, 1, 0, 0, 0, 0, 0, 1])
        XCTAssertEqual(Set(top.shown.map { Float($0.proxy) }), [0.9, 0.8])
        XCTAssertEqual(top.lengths, [1, 2, 1, 3, 2, 1, 1, 5], "end-of-text is not counted")
        // Seeded: the same draws again.
        let again = try BestOfNSamples.load(run: files, ns: [1, 2, 4], peak: 2, prompts: 2, seed: 0)
        XCTAssertEqual(again.map { $0.shown.map(\.completion) }, samples.map { $0.shown.map(\.completion) })
    }

    /// The section reads the members' rewards of a best-of-n pool; a one-member pool has nothing to show.
    func testEnsembleErrorsComeFromTheBestOfNPool() throws {
        let fixture = try ReportFixture()
        XCTAssertTrue(try build(fixture, ["runs/bon"]).contains("No best-of-n run scored by two or more reward models"))
        // Two members: the second repeats the first's error pattern on prompt 1 and reverses it on prompt 2.
        let pool = fixture.url("runs/bon/pool.jsonl")
        let rows = try String(contentsOf: pool, encoding: .utf8).split(separator: "\n").map { line -> [String: Any] in
            var row = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let first = try XCTUnwrap(row["member_rewards"] as? [[Double]]).map { $0[0] }
            let flip = row["family"] as? String == "describe" ? -1.0 : 1.0
            row["member_rewards"] = first.map { [$0, flip * $0 + 0.25] }
            return row
        }
        try fixture.lines("runs/bon/pool.jsonl", rows)
        let measured = try XCTUnwrap(try PoolErrorCorrelation.measure(run: fixture.url("runs/bon")))
        XCTAssertEqual(measured.members, 2)
        XCTAssertEqual(measured.samples, 8)
        let html = try build(fixture, ["runs/bon"])
        XCTAssertTrue(html.contains("<td>\(NumberFormat.fixed(measured.mean, decimals: 2))</td>"), "the pairs' mean error correlation is shown")
        XCTAssertTrue(html.contains(NumberFormat.percent(measured.retainedErrorVariance, decimals: 0)))
    }

    func testRelativePathsResolveAgainstTheRunsAncestors() throws {
        let fixture = try ReportFixture()
        let rm = try RunFiles.load(fixture.url("runs/rm"))
        XCTAssertEqual(rm.resolve("runs/prefs.jsonl")?.path, fixture.url("runs/prefs.jsonl").standardizedFileURL.path)
        XCTAssertNil(rm.resolve("runs/nowhere.jsonl"))
        XCTAssertEqual(RunFiles.enclosingRun(of: fixture.url("runs/sft/checkpoints/final"))?.lastPathComponent, "sft")
    }

    func testAReportWithoutSamplingSaysWhatIsMissing() throws {
        let fixture = try ReportFixture()
        let html = try build(fixture, ["runs/rloo-single"])
        XCTAssertTrue(html.contains("sampling was turned off (--samples 0)"))
    }
}
