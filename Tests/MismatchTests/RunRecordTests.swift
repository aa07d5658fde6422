import Foundation
import XCTest
@testable import Mismatch

final class RunRecordTests: XCTestCase {
    func testReadsAnOnlineRun() throws {
        let run = try RunRecord.read(MismatchFixtures.run("rloo-single-s0"))
        XCTAssertEqual(run.name, "rloo-single-s0")
        XCTAssertEqual(run.settings.kind, .online)
        XCTAssertEqual(run.settings.method, "rloo")
        XCTAssertEqual(run.settings.objective, "single")
        XCTAssertEqual(run.settings.klCoefficient, 0.05)
        XCTAssertEqual(run.settings.seed, 0)
        XCTAssertEqual(run.settings.steps, 60)
        XCTAssertEqual(run.settings.rewards, ["runs/rm"])
        // Training rows: steps 0…59; the final row (step 60) holds only the evaluation.
        XCTAssertEqual(run.trainingRows.map(\.index), Array(0..<60))
        let expectedSteps = try XCTUnwrap(try MismatchFixtures.expected("rloo-single-s0")["evaluation_steps"] as? [Int])
        XCTAssertEqual(run.evaluations.map(\.index), expectedSteps)
        XCTAssertEqual(expectedSteps.last, 60)

        let first = try XCTUnwrap(run.evaluations.first)
        XCTAssertEqual(first.kl, 0)
        XCTAssertEqual(first.sqrtKL, 0)
        XCTAssertEqual(first.line, 1)
        let harmful = try XCTUnwrap(first[MetricName.harmfulComplianceRate])
        XCTAssertEqual(harmful.count, 64)
        XCTAssertNotNil(harmful.standardError)
        XCTAssertEqual(try XCTUnwrap(first[MetricName.goldReward]).standardError, 0.047)
        XCTAssertNil(first["kl"], "the KL is the x-axis, not a metric")
        XCTAssertNil(first["samples"])
        XCTAssertNil(first["gold_reward_se"], "SEs belong to their estimate")
        let later = run.evaluations[3]
        XCTAssertEqual(later.sqrtKL, max(later.kl, 0).squareRoot())
    }

    func testReadsABestOfNRunWithItsPairedDrop() throws {
        let run = try RunRecord.read(MismatchFixtures.run("bon-single"))
        XCTAssertEqual(run.settings.kind, .bestOfN)
        XCTAssertEqual(run.settings.poolSize, 256)
        XCTAssertEqual(run.settings.rewards, ["runs/rm"])
        XCTAssertTrue(run.trainingRows.isEmpty)
        XCTAssertEqual(run.evaluations.map(\.index), [1, 2, 4, 8, 16, 32, 64, 128, 256])
        XCTAssertEqual(run.evaluations[3].kl, log(8) - 7.0 / 8, accuracy: 1e-12)
        XCTAssertNotNil(run.evaluations[0][MetricName.taskAccuracy], "best-of-n's accuracy reads as task_accuracy")
        XCTAssertNil(run.evaluations[0]["accuracy"])
        let paired = try XCTUnwrap(run.pairedGoldDrop)
        XCTAssertEqual(paired.peakIndex, 16)
        XCTAssertEqual(paired.standardError, 0.021)
    }

    func testReadsPPOSettings() throws {
        let folder = try TemporaryFolder()
        let config = """
            {"method": "ppo", "objective": "uwo", "uwo_lambda": 0.1, "kl_coefficient": 0.05, "adaptive_kl": true,
             "target_kl": 1, "seed": null, "rewards": "runs/rm", "eval_samples": 512}
            """
        let run = try folder.run("ppo", files: ["config.json": config, "metrics.jsonl": #"{"step": 0, "eval/kl": 0, "eval/proxy_reward": 0.1}"#])
        let settings = try RunRecord.read(run).settings
        XCTAssertEqual(settings.kind, .online)
        XCTAssertEqual(settings.adaptiveKL, true)
        XCTAssertEqual(settings.targetKL, 1)
        XCTAssertEqual(settings.uwoLambda, 0.1)
        XCTAssertNil(settings.seed, "null is absent")
        XCTAssertEqual(settings.rewards, ["runs/rm"])
        XCTAssertEqual(settings.evalSamples, 512)
        XCTAssertNil(settings.poolSize)
    }

    func testReadsARewardEvaluation() throws {
        let record = try RewardEvaluationRecord.read(MismatchFixtures.folder.appendingPathComponent("rm-eval.json"))
        XCTAssertEqual(record.members, 1)
        XCTAssertEqual(record.accuracy, 0.625)
        XCTAssertEqual(record.pairs, 3000)
        XCTAssertEqual(record.rewardGoldAgreement, 0.681)
        XCTAssertEqual(record.expectedCalibrationError, 0.031)
        XCTAssertEqual(record.inheritedFlaws.map(\.flaw), ["longer", "refusal_on_benign_alarming"])
        XCTAssertEqual(record.inheritedFlaws[0].excessOverGold, Estimate(value: 0.061, standardError: 0.011))
        XCTAssertNil(record.ensembleGoldErrorAUROC)
        XCTAssertEqual(record.notComputed["ensemble"], "the reward function has a single member")
    }
}
