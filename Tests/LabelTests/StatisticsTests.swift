import Foundation
import XCTest
import Feedback
@testable import Label

/// A small hand-worked snapshot: three annotators, two pair tasks, a QA item and a ranking.
enum HandExample {
    static let tasks: [Int64: LabelTask] = [
        1: LabelTask(key: "t1", prompt: "p1", completions: ["a", "b c"], family: "f"),
        2: LabelTask(key: "t2", prompt: "p2", completions: ["x y z", "w"]),
        3: LabelTask(key: "qa", prompt: "p3", completions: ["no", "yes"], goldBest: 1),
        4: LabelTask(key: "t4", prompt: "p4", completions: ["a", "b", "c"], scores: [3, 1, 2]),
    ]
    static func label(_ name: String, _ task: Int64, _ ranking: [Int], _ shown: [Int]?, seconds: Double? = nil,
                      confidence: Int? = nil, reason: String? = nil) -> StoredLabel {
        StoredLabel(annotator: name, taskID: task, ranking: ranking, shownOrder: shown, confidence: confidence, reason: reason,
                    seconds: seconds, source: "web")
    }
    static let snapshot = LabelSnapshot(tasks: tasks, taskOrder: [1, 2, 3, 4], labels: [
        label("ann", 1, [1, 0], [0, 1], seconds: 4, confidence: 4, reason: "clearer"),
        label("bob", 1, [1, 0], [1, 0], seconds: 10),
        label("cy", 1, [0, 1], [0, 1]),
        label("ann", 2, [0, 1], [0, 1], seconds: 6, confidence: 2),
        label("bob", 2, [1, 0], nil),
        label("ann", 3, [1, 0], [0, 1]),
        label("bob", 3, [0, 1], [0, 1]),
        label("cy", 4, [0, 2, 1], nil),
    ], skips: ["dee": 2], annotators: ["ann", "bob", "cy", "dee"])
}

final class StatisticsTests: XCTestCase {
    func testHandWorkedFigures() throws {
        let s = LabelStatistics(snapshot: HandExample.snapshot, overlap: 2)
        XCTAssertEqual(s.tasks, 3)
        XCTAssertEqual(s.qaTasks, 1)
        XCTAssertEqual(s.labels, 8)
        XCTAssertEqual(s.skips, 2)
        XCTAssertEqual(s.labeledTasks, 3)
        XCTAssertEqual(s.tasksAtOverlap, 2)
        XCTAssertEqual(s.overlappingUnits, 2)
        // t1's unit: categories {0, 0, 1} → 2/6 agreeing rater pairs; t2's: {1, 0} → 0.
        XCTAssertEqual(try XCTUnwrap(s.percentAgreement), 1.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(s.fleissKappa), (1.0 / 6 - 0.52) / 0.48, accuracy: 1e-12)
        XCTAssertNil(s.cohenKappa, "three annotators overlap")
        XCTAssertEqual(s.tasksFullAgreement, rate(0, 2))
        XCTAssertEqual(s.firstShownChosen, rate(3, 4))
        XCTAssertEqual(s.longerChosen, rate(3, 5))
        XCTAssertEqual(s.goldAgreement, rate(3, 3))
        XCTAssertEqual(s.qaAccuracy, rate(1, 2))
        let byName = Dictionary(uniqueKeysWithValues: s.annotators.map { ($0.name, $0) })
        XCTAssertEqual(byName.keys.sorted(), ["ann", "bob", "cy", "dee"])
        XCTAssertEqual(byName["ann"]?.qaAccuracy, rate(1, 1))
        XCTAssertEqual(byName["bob"]?.qaAccuracy, rate(0, 1))
        // Ties with the others are left out: only cy on t1 and both on t2 have a strict majority against them.
        XCTAssertEqual(byName["ann"]?.majorityAgreement, rate(0, 1))
        XCTAssertEqual(byName["bob"]?.majorityAgreement, rate(0, 1))
        XCTAssertEqual(byName["cy"]?.majorityAgreement, rate(0, 1))
        XCTAssertEqual(byName["ann"]?.medianSeconds, 5)
        XCTAssertEqual(byName["ann"]?.meanConfidence, 3)
        XCTAssertEqual(byName["ann"]?.labels, 3)
        XCTAssertEqual(byName["dee"]?.skips, 2)
        XCTAssertEqual(byName["cy"]?.goldAgreement, rate(3, 3))
        XCTAssertTrue(s.summary.contains("percent agreement: 16.7%"), s.summary)
    }

    func testTwoAnnotatorsGetCohensKappa() throws {
        var snapshot = HandExample.snapshot
        snapshot.labels.removeAll { $0.annotator == "cy" }
        let s = LabelStatistics(snapshot: snapshot, overlap: 2)
        // ann/bob: t1 both 0, t2 1 vs 0 → p_o = 1/2; ann's marginals (1/2, 1/2), bob's (1, 0) → p_e = 1/2 → κ = 0.
        XCTAssertEqual(try XCTUnwrap(s.cohenKappa), 0, accuracy: 1e-12)
    }

    func rate(_ hits: Int, _ count: Int) -> Rate {
        var r = Rate()
        r.hits = hits
        r.count = count
        return r
    }
}

/// `label import` of a simulated pool gives `label stats` the simulator's own figures on the same labels.
final class ImportTests: XCTestCase {
    func check(k: Int, items count: Int, seed: UInt64) async throws {
        let world = World.generate(settings: WorldSettings(seed: 1))
        let pool = try AnnotatorPool.resolve("biased")
        let items = FeedbackSimulator(world: world, pool: pool).simulateGenerated(items: count, k: k, seed: seed)
        let folder = try TemporaryFolder()
        let database = try LabelDatabase(path: folder.path("l.sqlite"))
        let summary = try await LabelImport.simulated(items, keyPrefix: "sim", into: database)
        let doubles = items.filter { $0.secondRanking != nil }.count
        XCTAssertGreaterThan(doubles, 5)
        XCTAssertEqual(summary, LabelImport.Summary(tasks: count, labels: count + doubles))
        let reference = LabelImport.referenceReport(items, pool: pool)
        let s = LabelStatistics(snapshot: try await database.snapshot(), overlap: 1)
        XCTAssertGreaterThan(reference.goldAgreement.count, count)
        XCTAssertGreaterThan(reference.chosenLongerRate.count, count / 2)
        XCTAssertEqual(s.goldAgreement, reference.goldAgreement)
        XCTAssertEqual(s.longerChosen, reference.chosenLongerRate)
        XCTAssertEqual(s.meanWordsChosen, reference.meanWordsChosen, accuracy: 1e-9)
        XCTAssertEqual(s.meanWordsRejected, reference.meanWordsRejected, accuracy: 1e-9)
        XCTAssertEqual(s.tasksFullAgreement, reference.interAnnotatorAgreement)
        if k == 2 { XCTAssertEqual(try XCTUnwrap(s.percentAgreement), try XCTUnwrap(reference.interAnnotatorAgreement.rate), accuracy: 1e-12) }
        var byType: [String: Rate] = [:]
        for annotator in s.annotators {
            let type = annotator.name.replacingOccurrences(of: LabelImport.secondPersonSuffix, with: "")
            byType[type, default: Rate()].count += annotator.goldAgreement.count
            byType[type, default: Rate()].hits += annotator.goldAgreement.hits
        }
        XCTAssertEqual(byType, reference.goldAgreementByAnnotator)
        do {
            _ = try await LabelImport.simulated(items, keyPrefix: "sim", into: database)
            XCTFail("importing the same prefix twice")
        } catch let error as LabelError {
            XCTAssertEqual(error, .invalidSetting(name: "--key-prefix", reason: "task sim-0 is already in the database; use another prefix"))
        }
        let labels = try await rowCount(database, "label")
        XCTAssertEqual(labels, count + doubles, "a refused import writes nothing")
    }

    func testPairsMatchTheAgreementReport() async throws { try await check(k: 2, items: 300, seed: 4) }

    func testRankingsMatchTheAgreementReport() async throws { try await check(k: 3, items: 150, seed: 5) }
}
