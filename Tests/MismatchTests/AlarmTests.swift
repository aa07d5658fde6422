import Foundation
import XCTest
@testable import Mismatch

final class AlarmTests: XCTestCase {
    /// A run of `count` training rows from `figures(step)`, evaluated every 5 steps with `evaluation(step)`.
    func run(count: Int, figures: (Int) -> [String: Double], evaluation: ((Int) -> [String: Estimate])? = nil) -> RunRecord {
        let rows = (0..<count).map { MetricsRow(index: $0, line: $0 + 1, values: figures($0)) }
        let evaluations = evaluation.map { make in
            stride(from: 0, to: count, by: 5).map { step in
                EvaluationPoint(index: step, kl: 0.05 * Double(step), metrics: make(step), line: step + 1)
            }
        } ?? []
        return RunRecord(url: URL(fileURLWithPath: "/runs/r"), name: "r", settings: RunSettings(kind: .online, method: "rloo", rewards: []),
                         trainingRows: rows, evaluations: evaluations, pairedGoldDrop: nil)
    }

    func testLengthDriftWarnsAfterTheTrailingMeanCrossesAndPersists() throws {
        // Length 10 until step 19, then 20: the 5-row trailing mean is 10 + 10·(t − 19)/5 from step 20,
        // ≥ 12 (20% drift) from step 20 on (12 at t = 20). Persistence 3: holds at step 22.
        let alarm = try XCTUnwrap(OveroptimizationAlarm.evaluate(run(count: 40) { step in
            ["response_length": step < 20 ? 10 : 20, "kl": 0.05 * Double(step), "proxy_reward": 0.1 * Double(step)]
        }))
        XCTAssertEqual(alarm.warnStep, 22)
        XCTAssertEqual(alarm.warnTriggers, [.lengthDrift])
        XCTAssertEqual(alarm.warnKL ?? 0, 0.05 * 20, accuracy: 1e-12, "no evaluations: the trailing mean of the training KL (steps 18–22)")
        XCTAssertNil(alarm.stopStep, "one trigger does not stop")
        let report = try XCTUnwrap(alarm.triggers.first { $0.trigger == .lengthDrift })
        XCTAssertEqual(report.firstStep, 22)
        XCTAssertFalse(try XCTUnwrap(alarm.triggers.first { $0.trigger == .ensembleDisagreement }).available)
        XCTAssertFalse(try XCTUnwrap(alarm.triggers.first { $0.trigger == .heldOutProxySlope }).available)
        // The proxy is linear in KL (convex in d): its slope never flattens.
        XCTAssertNil(try XCTUnwrap(alarm.triggers.first { $0.trigger == .proxySlope }).firstStep)
    }

    func testTwoTriggersStopAndTheRuleFollowsItsSettings() throws {
        let record = run(count: 40) { step in
            ["response_length": 10, "kl": 0.05 * Double(step), "proxy_reward": 0,
             "ensemble_std": step < 25 ? 0.2 : 0.4, "refusal_rate": step < 30 ? 0.1 : 0.0]
        }
        let alarm = try XCTUnwrap(OveroptimizationAlarm.evaluate(record))
        // ensemble_std: trailing mean 0.2 + 0.2·(t − 24)/5 ≥ 0.3 from t = 27 (0.32); holds at 29.
        XCTAssertEqual(alarm.warnStep, 29)
        XCTAssertEqual(alarm.warnTriggers, [.ensembleDisagreement])
        // refusal: trailing mean 0.1·(34 − t)/5 at t ≥ 30 drops by ≥ max(0.05, 0.03) from t = 32; holds at 34.
        XCTAssertEqual(alarm.stopStep, 34)
        var settings = AlarmSettings()
        settings.ensembleStdRise = 1.5
        settings.stopVotes = nil
        settings.klBudget = 1.0
        let other = try XCTUnwrap(OveroptimizationAlarm.evaluate(record, settings: settings))
        // The 5-row trailing KL 0.05·(t − 2) ≥ 1 from t = 22; holds at 24. Disagreement never rises 150%.
        XCTAssertEqual(other.warnStep, 24)
        XCTAssertEqual(other.warnTriggers, [.klBudget])
        XCTAssertNil(other.stopStep)
        XCTAssertNil(other.triggers.first { $0.trigger == .ensembleDisagreement }?.firstStep)
    }

    func testHeldOutProxySlopeFlatteningAndKLInterpolation() throws {
        // Held-out proxy: rises as 0.5·d until d = 1 (KL 1, step 20), then flat.
        let record = run(count: 80, figures: { _ in ["response_length": 10] }) { step in
            let d = (0.05 * Double(step)).squareRoot()
            return [MetricName.proxyReward: Estimate(value: 0.5 * min(d, 1), standardError: 0.01)]
        }
        let alarm = try XCTUnwrap(OveroptimizationAlarm.evaluate(record))
        let report = try XCTUnwrap(alarm.triggers.first { $0.trigger == .heldOutProxySlope })
        XCTAssertTrue(report.available)
        // Recent slope (evaluations with d ≥ d_now/2) over the whole slope (numpy polyfit): 0.52 at step 40,
        // 0.22 at step 45 (< 0.4); held for 3 rows from 45: step 47. The recent window lags the bend at 20.
        let first = try XCTUnwrap(report.firstStep)
        XCTAssertEqual(first, 47)
        // Between evaluations the KL is interpolated: evaluations every 5 steps at KL 0.05·step.
        XCTAssertEqual(try XCTUnwrap(report.firstKL), 0.05 * Double(first), accuracy: 1e-12)
        XCTAssertEqual(alarm.warnStep, first)
    }

    func testTheAlarmNeverReadsGold() throws {
        var run = try RunRecord.read(MismatchFixtures.run("rloo-single-s0"))
        let alarm = OveroptimizationAlarm.evaluate(run)
        XCTAssertNotNil(alarm?.warnStep)
        for i in run.trainingRows.indices { run.trainingRows[i].values["gold_reward"] = Double(i % 7) }
        for i in run.evaluations.indices { run.evaluations[i].metrics[MetricName.goldReward] = Estimate(value: -Double(i), standardError: 0.01) }
        XCTAssertEqual(OveroptimizationAlarm.evaluate(run), alarm)
    }

    /// The alarm's record, read once and then grown row by row while the run trains, equals the record of
    /// the whole file; a step out of order is an error, and non-finite figures are left out as the file does.
    func testTrainingRecordGrownRowByRowMatchesTheFile() throws {
        let fixture = MismatchFixtures.run("rloo-single-s0")
        let lines = try String(contentsOf: fixture.appendingPathComponent(RunRecord.metricsFile), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let folder = try TemporaryFolder()
        let run = try folder.run("r", files: [
            RunRecord.configFile: try String(contentsOf: fixture.appendingPathComponent(RunRecord.configFile), encoding: .utf8),
            RunRecord.metricsFile: lines[..<5].joined(separator: "\n") + "\n"])
        var grown = try RunRecord.readTraining(run)
        XCTAssertEqual(grown.trainingRows.count, 5)
        for line in lines[5...] {
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let step = try XCTUnwrap(object["step"] as? Int)
            var values: [String: Double] = [:]
            for (key, value) in object where key != "step" { values[key] = try XCTUnwrap((value as? NSNumber)?.doubleValue) }
            try grown.append(step: step, values: values)
        }
        let whole = try RunRecord.read(fixture)
        XCTAssertEqual(grown.trainingRows, whole.trainingRows)
        XCTAssertEqual(grown.evaluations, whole.evaluations)
        XCTAssertNotNil(OveroptimizationAlarm.evaluate(whole)?.warnStep)
        XCTAssertEqual(OveroptimizationAlarm.evaluate(grown), OveroptimizationAlarm.evaluate(whole))
        XCTAssertThrowsError(try grown.append(step: 60, values: ["kl": 1])) { error in
            guard case MismatchError.invalidValue(_, let line, "step", _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 62)
        }
        try grown.append(step: 61, values: ["kl": 1, "proxy_reward": .nan])
        XCTAssertEqual(grown.trainingRows.last?.values, ["kl": 1, "step": 61])
    }

    /// A run that never evaluates on held-out prompts (`--eval-every 0`) still gets the training rows'
    /// alarm; the offline analysis, which needs evaluations, refuses it with a clear error.
    func testAlarmWithoutHeldOutEvaluations() throws {
        let rows = (0..<30).map { step in
            "{\"step\":\(step),\"kl\":\(0.1 * Double(step)),\"proxy_reward\":\(0.02 * Double(step)),\"response_length\":\(step < 15 ? 10 : 20)}"
        }
        let folder = try TemporaryFolder()
        let run = try folder.run("r", files: [RunRecord.configFile: "{\"method\": \"rloo\", \"rewards\": [\"rm\"]}",
                                              RunRecord.metricsFile: rows.joined(separator: "\n") + "\n"])
        let record = try RunRecord.readTraining(run)
        XCTAssertTrue(record.evaluations.isEmpty)
        XCTAssertEqual(record.trainingRows.count, 30)
        XCTAssertNotNil(OveroptimizationAlarm.evaluate(record)?.warnStep, "length drift needs no evaluation")
        XCTAssertThrowsError(try RunRecord.read(run)) { error in
            guard case MismatchError.noRows = error else { return XCTFail("\(error)") }
        }
    }

    func testNoTrainingRowsNoAlarm() throws {
        XCTAssertNil(OveroptimizationAlarm.evaluate(try RunRecord.read(MismatchFixtures.run("bon-single"))))
    }

    func testValidationOnTheFixtureRuns() throws {
        let runs = try (MismatchFixtures.onlineRuns + ["bon-single"]).map { try RunRecord.read(MismatchFixtures.run($0)) }
        let validation = AlarmValidation.validate(runs)
        XCTAssertEqual(validation.runs.map(\.run), MismatchFixtures.onlineRuns, "best-of-n has no training rows")
        let outcomes = Dictionary(uniqueKeysWithValues: validation.runs.map { ($0.run, $0.outcome) })
        // Gold falls and the length and proxy drift: detected.
        XCTAssertEqual(outcomes["rloo-single-s0"], .detected)
        XCTAssertEqual(outcomes["rloo-single-s1"], .detected)
        // The ensemble run's gold does not fall significantly, but its members drift apart: a false alarm.
        XCTAssertEqual(outcomes["rloo-uwo-s0"], .falseAlarm)
        // Nothing falls, nothing drifts.
        XCTAssertEqual(outcomes["rloo-healthy-s3"], .quiet)
        // Gold falls while every logged signal stays put: no gold-free alarm can see it.
        XCTAssertEqual(outcomes["rloo-silent-s4"], .missed)
        XCTAssertEqual([validation.declined, validation.detected, validation.missed, validation.falseAlarms, validation.quiet], [3, 2, 1, 1, 1])

        let single = try XCTUnwrap(validation.runs.first { $0.run == "rloo-single-s0" })
        let alarm = try XCTUnwrap(OveroptimizationAlarm.evaluate(runs[0]))
        XCTAssertEqual(single.warnStep, alarm.warnStep)
        XCTAssertEqual(single.leadSteps, single.goldPeakStep - (alarm.warnStep ?? 0))
        XCTAssertEqual(try XCTUnwrap(single.leadKL), single.goldPeakKL - (alarm.warnKL ?? 0), accuracy: 1e-12)
        let detected = validation.runs.filter { $0.outcome == .detected }
        XCTAssertEqual(try XCTUnwrap(validation.meanLeadSteps), Double(detected.compactMap(\.leadSteps).reduce(0, +)) / 2, accuracy: 1e-12)
        // The warning keeps gold within the decline threshold of the peak (that is what "detected" means).
        XCTAssertGreaterThan(try XCTUnwrap(single.goldAtWarnMinusPeak?.value), -2 * (try XCTUnwrap(single.goldAtWarnMinusPeak?.standardError)))
    }
}
