import Tensor
import XCTest
@testable import Feedback

/// The gold reward and the seeded generator against the independent Python reference
/// (Tests/Fixtures/generate/feedback_gold_reference.py, written from docs/world.md).
final class GoldReferenceTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/feedback")

    private struct Case: Decodable {
        var prompt: WorldPrompt
        var response: String
    }

    private struct Expected: Decodable {
        var total: Double
        var components: [String: Double]
    }

    func testGoldMatchesThePythonReferenceOnEveryCase() throws {
        let kbJSON = try JSONDecoder().decode([String: [String]].self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("gold_kb.json")))
        let kb = KnowledgeBase(people: [], towns: (kbJSON["town"] ?? []).map { Town(name: $0, country: "") },
                               countries: kbJSON["country"] ?? [], professions: kbJSON["profession"] ?? [])
        let scorer = GoldScorer(knowledgeBase: kb)
        var cases: [Case] = []
        try JSONLReader(url: Self.fixtures.appendingPathComponent("gold_cases.jsonl")).forEach(Case.self) { _, c in cases.append(c) }
        var expected: [Expected] = []
        try JSONLReader(url: Self.fixtures.appendingPathComponent("gold_expected.jsonl")).forEach(Expected.self) { _, e in expected.append(e) }
        XCTAssertEqual(cases.count, expected.count)
        XCTAssertGreaterThan(cases.count, 300)
        for (c, e) in zip(cases, expected) {
            let score = scorer.score(prompt: c.prompt, response: c.response)
            XCTAssertEqual(score.total, e.total, accuracy: 1e-9, "\(c.prompt.prompt) → \(c.response)")
            for name in GoldComponents.names {
                XCTAssertEqual(score.components[name] ?? .nan, e.components[name] ?? .nan, accuracy: 1e-9, "\(name): \(c.response)")
            }
        }
        // The cases span every component with a nonzero value.
        for name in GoldComponents.names {
            XCTAssertTrue(expected.contains { ($0.components[name] ?? 0) != 0 }, name)
        }
    }

    func testRandomMatchesTheReference() throws {
        let json = try JSONDecoder().decode(RandomReference.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("random.json")))
        var mixer = SplitMix64(seed: 0)
        XCTAssertEqual(json.splitmix64_seed0.map { UInt64($0) }, (0..<4).map { _ in mixer.next() })
        var random = WorldRandom(seed: 42)
        XCTAssertEqual(json.xoshiro256starstar_seed42.map { UInt64($0) }, (0..<8).map { _ in random.next() })
        for (text, hash) in json.fnv1a { XCTAssertEqual(WorldRandom.hash(text), UInt64(hash), text) }
    }

    private struct RandomReference: Decodable {
        var splitmix64_seed0: [String]
        var xoshiro256starstar_seed42: [String]
        var fnv1a: [String: String]
    }
}
