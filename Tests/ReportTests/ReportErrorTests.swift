import XCTest
@testable import Report

final class ReportErrorTests: XCTestCase {
    func testNoRuns() {
        XCTAssertThrowsError(try ReportBuilder.build(runs: [])) { XCTAssertEqual($0 as? ReportError, .noRuns) }
    }

    func testAFolderWithoutConfigIsNotARun() throws {
        let fixture = try ReportFixture()
        let folder = fixture.url("runs/empty")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertThrowsError(try ReportBuilder.build(runs: [folder])) { error in
            XCTAssertEqual(error as? ReportError, .notARunDirectory(path: folder.path))
            XCTAssertTrue("\(error)".contains("no config.json"))
        }
    }

    func testInvalidConfigNamesTheFile() throws {
        let fixture = try ReportFixture()
        try fixture.text("runs/broken/config.json", "{\"method\": ")
        XCTAssertThrowsError(try ReportBuilder.build(runs: [fixture.url("runs/broken")])) { error in
            guard case .invalidJSON(let path, _, _)? = error as? ReportError else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasSuffix("runs/broken/config.json"))
        }
    }

    func testAnExplicitRewardEvalMustExistAndBeJSON() throws {
        let fixture = try ReportFixture()
        let missing = fixture.url("runs/none.json")
        XCTAssertThrowsError(try ReportBuilder.analyze([fixture.url("runs/rm")], options: ReportOptions(rewardEval: missing))) {
            XCTAssertEqual($0 as? ReportError, .unreadable(path: missing.path))
        }
        try fixture.text("runs/bad-eval.json", "[1,")
        XCTAssertThrowsError(try ReportBuilder.analyze([fixture.url("runs/rm")], options: ReportOptions(rewardEval: fixture.url("runs/bad-eval.json")))) {
            guard case .invalidJSON(let path, _, _)? = $0 as? ReportError else { return XCTFail("\($0)") }
            XCTAssertTrue(path.hasSuffix("bad-eval.json"))
        }
        let runs = try ReportBuilder.analyze([fixture.url("runs/rm")], options: ReportOptions(rewardEval: fixture.url("runs/rm-eval.json")))
        XCTAssertEqual(runs[0].lineage.rewardEvalURL?.lastPathComponent, "rm-eval.json")
    }

    func testARunMismatchCannotReadIsReportedNotFatal() throws {
        let fixture = try ReportFixture()
        try fixture.write("runs/no-eval/config.json", ["method": "rloo", "objective": "single", "steps": 2])
        try fixture.lines("runs/no-eval/metrics.jsonl", [["step": 0, "kl": 0.0, "proxy_reward": 0.1]])
        let runs = try ReportBuilder.analyze([fixture.url("runs/no-eval")])
        XCTAssertNil(runs[0].analysis)
        XCTAssertTrue(runs[0].problem?.contains("eval/kl") ?? false, runs[0].problem ?? "no problem recorded")
        let html = try ReportBuilder.build(runs: [fixture.url("runs/no-eval")], options: ReportOptions(samples: 0)).html
        XCTAssertTrue(html.contains("Not analysed"))
    }

    func testWritingUnderAFileFailsWithTheTarget() throws {
        let fixture = try ReportFixture()
        let document = ReportDocument(title: "t", subtitle: "s", sections: [])
        let target = fixture.url("runs/prefs.jsonl/report.html")
        XCTAssertThrowsError(try ReportBuilder.write(document, to: target)) { error in
            guard case .writeFailed(let path, _)? = error as? ReportError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, target.path)
        }
    }

    func testWriteReplacesAnExistingReportAtomically() throws {
        let fixture = try ReportFixture()
        let target = fixture.url("report.html")
        try ReportBuilder.write(ReportDocument(title: "first", subtitle: "", sections: []), to: target)
        try ReportBuilder.write(ReportDocument(title: "second", subtitle: "", sections: []), to: target)
        let written = try String(contentsOf: target, encoding: .utf8)
        XCTAssertTrue(written.contains("<title>second</title>"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.folder.path).filter { $0.contains(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testSamplingACheckpointThatIsNotAModelIsATypedError() throws {
        let fixture = try ReportFixture()
        let files = try RunFiles.load(fixture.url("runs/rloo-single"))
        let choice = CheckpointSampler.Choice(label: "step 0", directory: fixture.url("runs/sft/checkpoints/final"))
        XCTAssertThrowsError(try CheckpointSampler.sample(run: files, choices: [choice], count: 2, shown: 1, seed: 0)) { error in
            guard case .sampling(let run, _)? = error as? ReportError else { return XCTFail("\(error)") }
            XCTAssertEqual(run, files.url.path)
        }
    }
}
