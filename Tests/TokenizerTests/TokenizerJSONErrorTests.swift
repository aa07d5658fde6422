import Foundation
import XCTest
@testable import Tokenizer

/// Each malformed or unsupported tokenizer.json gives a typed error naming the field.
final class TokenizerJSONErrorTests: XCTestCase {
    /// hf_pairs.json with `edit` applied.
    func variant(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var root = try Fixtures.json("hf_pairs.json")
        edit(&root)
        return try JSONSerialization.data(withJSONObject: root)
    }

    func model(_ root: [String: Any]) -> [String: Any] { root["model"] as? [String: Any] ?? [:] }

    func assertError(_ data: Data, _ check: (TokenizerError) -> Bool, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ByteLevelBPETokenizer.fromTokenizerJSON(data, origin: "t.json"), file: file, line: line) { error in
            guard let error = error as? TokenizerError else { return XCTFail("untyped \(error)", file: file, line: line) }
            XCTAssertTrue(check(error), "unexpected \(error)", file: file, line: line)
            XCTAssertTrue(error.description.hasPrefix("t.json"), error.description, file: file, line: line)
        }
    }

    func testMalformedJSON() {
        assertError(Data("{\"model\": ".utf8)) { if case .malformedJSON = $0 { return true }; return false }
        assertError(Data("[1, 2]".utf8)) { if case .malformedJSON = $0 { return true }; return false }
    }

    func testMissingFields() throws {
        assertError(try variant { $0["model"] = nil }) { $0 == .missingField(path: "t.json", field: "model") }
        assertError(try variant { var m = self.model($0); m["vocab"] = nil; $0["model"] = m }) {
            $0 == .missingField(path: "t.json", field: "model.vocab")
        }
        assertError(try variant { var m = self.model($0); m["merges"] = nil; $0["model"] = m }) {
            $0 == .missingField(path: "t.json", field: "model.merges")
        }
        assertError(try variant { $0["pre_tokenizer"] = NSNull() }) {
            if case .missingField(_, let field) = $0 { return field.hasPrefix("pre_tokenizer") }; return false
        }
    }

    func testInvalidMerges() throws {
        assertError(try variant { var m = self.model($0); m["merges"] = ["Ġ t h"]; $0["model"] = m }) {
            if case .invalidField(_, "model.merges[0]", let reason) = $0 { return reason.contains("two") }; return false
        }
        assertError(try variant { var m = self.model($0); m["merges"] = [["Ġ", "t"], ["q", "zzz"]]; $0["model"] = m }) {
            if case .invalidField(_, "model.merges[1]", let reason) = $0 { return reason.contains("zzz") }; return false
        }
        assertError(try variant { var m = self.model($0); m["merges"] = [7]; $0["model"] = m }) {
            if case .invalidField(_, "model.merges[0]", _) = $0 { return true }; return false
        }
    }

    func testInvalidVocabulary() throws {
        assertError(try variant { var m = self.model($0); var v = m["vocab"] as! [String: Any]; v["a"] = "x"; m["vocab"] = v; $0["model"] = m }) {
            if case .invalidField(_, "model.vocab[\"a\"]", _) = $0 { return true }; return false
        }
        assertError(try variant { var m = self.model($0); var v = m["vocab"] as! [String: Any]; v["a b"] = 999; m["vocab"] = v; $0["model"] = m }) {
            if case .invalidField(_, "model.vocab[\"a b\"]", let reason) = $0 { return reason.contains("alphabet") }; return false
        }
        assertError(try variant { var m = self.model($0); var v = m["vocab"] as! [String: Any]; v["zq"] = 5; m["vocab"] = v; $0["model"] = m }) {
            if case .invalidField(_, let field, let reason) = $0 { return field.hasPrefix("model.vocab") && reason.contains("twice") }; return false
        }
        assertError(try variant { var m = self.model($0); var v = m["vocab"] as! [String: Any]; v["Ġ"] = nil; m["vocab"] = v; m["merges"] = []; $0["model"] = m }) {
            if case .invalidField(_, "model.vocab", let reason) = $0 { return reason.contains("0x20") }; return false
        }
    }

    func testUnsupportedFeatures() throws {
        assertError(try variant { $0["normalizer"] = ["type": "NFC"] }) { $0 == .unsupported(path: "t.json", field: "normalizer", value: "NFC") }
        assertError(try variant { $0["pre_tokenizer"] = ["type": "Whitespace"] }) {
            $0 == .unsupported(path: "t.json", field: "pre_tokenizer.type", value: "Whitespace")
        }
        assertError(try variant { var m = self.model($0); m["type"] = "WordPiece"; $0["model"] = m }) {
            $0 == .unsupported(path: "t.json", field: "model.type", value: "WordPiece")
        }
        assertError(try variant { var m = self.model($0); m["dropout"] = 0.1; $0["model"] = m }) {
            if case .unsupported(_, "model.dropout", _) = $0 { return true }; return false
        }
        assertError(try variant { var m = self.model($0); m["continuing_subword_prefix"] = "##"; $0["model"] = m }) {
            if case .unsupported(_, "model.continuing_subword_prefix", _) = $0 { return true }; return false
        }
        assertError(try variant { var tokens = $0["added_tokens"] as! [[String: Any]]; tokens[1]["lstrip"] = true; $0["added_tokens"] = tokens }) {
            $0 == .unsupported(path: "t.json", field: "added_tokens[1].lstrip", value: "true")
        }
    }

    func testInvalidAddedTokens() throws {
        assertError(try variant { $0["added_tokens"] = "none" }) {
            if case .invalidField(_, "added_tokens", _) = $0 { return true }; return false
        }
        assertError(try variant { var tokens = $0["added_tokens"] as! [[String: Any]]; tokens[0]["id"] = -4; $0["added_tokens"] = tokens }) {
            if case .invalidField(_, "added_tokens[0].id", _) = $0 { return true }; return false
        }
        assertError(try variant { var tokens = $0["added_tokens"] as! [[String: Any]]; tokens[1]["content"] = ""; $0["added_tokens"] = tokens }) {
            if case .invalidField(_, "added_tokens[1].content", _) = $0 { return true }; return false
        }
    }
}

extension TokenizerJSONErrorTests {
    func testFieldsOfTheWrongKind() throws {
        assertError(try variant { $0["model"] = "BPE" }) {
            if case .invalidField(_, "model", _) = $0 { return true }; return false
        }
        assertError(try variant { var m = self.model($0); m["vocab"] = [1, 2]; $0["model"] = m }) {
            if case .invalidField(_, "model.vocab", _) = $0 { return true }; return false
        }
        assertError(try variant { var m = self.model($0); m["merges"] = "a b"; $0["model"] = m }) {
            if case .invalidField(_, "model.merges", _) = $0 { return true }; return false
        }
        assertError(try variant { $0["pre_tokenizer"] = ["type": "ByteLevel", "use_regex": false] }) {
            $0 == .unsupported(path: "t.json", field: "pre_tokenizer.use_regex", value: "false")
        }
    }
}
