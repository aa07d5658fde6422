import Foundation
import XCTest
import Feedback
@testable import Label

final class TaskFileTests: XCTestCase {
    func testReadsTasksWithOptionalFieldsAndIgnoresExtraKeys() throws {
        let folder = try TemporaryFolder()
        let url = try folder.write("tasks.jsonl", """
            {"prompt":"p","completions":["a","b"],"logprobs":[1,2]}

            {"id":"qa1","prompt":"q","completions":["x","y","z"],"gold":2,"family":"f","scores":[1,2,3]}
            """)
        let tasks = try LabelTaskFile.read(url: url)
        XCTAssertEqual(tasks.count, 2)
        XCTAssertEqual(tasks[0].key, LabelTask.contentKey(prompt: "p", completions: ["a", "b"]))
        XCTAssertFalse(tasks[0].isQA)
        XCTAssertEqual(tasks[1], LabelTask(key: "qa1", prompt: "q", completions: ["x", "y", "z"], family: "f", goldBest: 2, scores: [1, 2, 3]))
        XCTAssertTrue(tasks[1].isQA)
    }

    func testEveryBadLineIsATypedErrorNamingFileLineAndField() throws {
        let folder = try TemporaryFolder()
        let cases: [(String, String)] = [
            (#"{"prompt":"p","completions":["a"]}"#, "t.jsonl:1: invalid \"completions\": needs 2 to 9 responses, found 1"),
            (#"{"prompt":"p","completions":["a","b"],"gold":2}"#, "t.jsonl:1: invalid \"gold\": 2 is not an index into completions (0..<2)"),
            (#"{"prompt":"p","completions":["a","b"],"scores":[1]}"#, "t.jsonl:1: invalid \"scores\": has 1 values for 2 completions"),
            (#"{"prompt":"p","completions":["a","b"],"id":""}"#, "t.jsonl:1: invalid \"id\": must have 1 to 200 characters"),
            ("{\"id\":\"x\",\"prompt\":\"p\",\"completions\":[\"a\",\"b\"]}\n{\"id\":\"x\",\"prompt\":\"q\",\"completions\":[\"a\",\"b\"]}",
             "t.jsonl:2: task id \"x\" is already used on line 1"),
            ("", "t.jsonl: no tasks (the file is empty or has only blank lines)"),
        ]
        for (text, expected) in cases {
            let url = try folder.write("t.jsonl", text)
            XCTAssertThrowsError(try LabelTaskFile.read(url: url), text) { error in
                XCTAssertEqual((error as? LabelError)?.description.replacingOccurrences(of: folder.url.path + "/", with: ""), expected)
            }
        }
        let broken = try folder.write("b.jsonl", "{\"prompt\": \"p\", \"completions\": [\"a\",")
        XCTAssertThrowsError(try LabelTaskFile.read(url: broken)) { error in
            XCTAssertTrue("\(error)".contains("b.jsonl:1: invalid JSON"), "\(error)")
        }
        let missing = try folder.write("m.jsonl", #"{"completions":["a","b"]}"#)
        XCTAssertThrowsError(try LabelTaskFile.read(url: missing)) { error in
            XCTAssertTrue("\(error)".contains("m.jsonl:1: missing field \"prompt\""), "\(error)")
        }
        XCTAssertThrowsError(try LabelTaskFile.read(url: folder.url.appendingPathComponent("none.jsonl"))) { error in
            XCTAssertEqual(error as? LabelError, .unreadableFile(path: folder.path("none.jsonl"), reason: "no such file"))
        }
    }
}
