import Tensor
import XCTest
@testable import Feedback

final class WorldTests: XCTestCase {
    func testFamiliesSplitsAndAnswers() {
        let world = World.generate(settings: WorldSettings(seed: 2))
        XCTAssertEqual(Set(world.prompts.map(\.family)), Set(PromptFamily.allCases))
        XCTAssertEqual(Set(world.prompts.map(\.prompt)).count, world.prompts.count, "prompt texts are unique")
        XCTAssertEqual(Set(world.prompts.map(\.id)).count, world.prompts.count)
        for family in PromptFamily.allCases {
            let prompts = world.prompts.filter { $0.family == family }
            let train = Double(prompts.filter { $0.split == .train }.count) / Double(prompts.count)
            XCTAssertEqual(train, 0.7, accuracy: 0.02, "\(family)")
            XCTAssertGreaterThan(prompts.filter { $0.split == .test }.count, 5)
        }
        for prompt in world.prompts where prompt.family == .arithmetic {
            let (a, b) = (prompt.operands![0], prompt.operands![1])
            let expected = prompt.id.contains("-plus-") ? a + b : (prompt.id.contains("-minus-") ? a - b : a * b)
            XCTAssertEqual(prompt.answer, "\(expected)", prompt.prompt)
        }
        for prompt in world.prompts where prompt.answerType == .town {
            XCTAssertEqual(world.knowledgeBase.people.first { $0.name == prompt.subject }?.birthplace, prompt.answer)
        }
    }

    func testSameSeedSameWorldOtherSeedOtherWorld() {
        let a = World.generate(settings: WorldSettings(seed: 5))
        let b = World.generate(settings: WorldSettings(seed: 5))
        let c = World.generate(settings: WorldSettings(seed: 6))
        XCTAssertEqual(a.prompts, b.prompts)
        XCTAssertEqual(a.knowledgeBase, b.knowledgeBase)
        XCTAssertNotEqual(a.knowledgeBase, c.knowledgeBase)
        XCTAssertEqual(Corpus.generate(world: a, documents: 300).text, Corpus.generate(world: b, documents: 300).text)
    }

    func testPolicyFormatAndLookup() {
        let world = World.generate(settings: WorldSettings(seed: 2))
        let prompt = world.prompts[17]
        XCTAssertEqual(World.policyInput(prompt: "What is 1 plus 2?"), "Q: What is 1 plus 2?\nA:")
        XCTAssertEqual(World.document(prompt: "P", response: "R."), "Q: P\nA: R.")
        XCTAssertEqual(world.prompt(matching: prompt.prompt), prompt)
        XCTAssertEqual(world.prompt(matching: World.policyInput(prompt: prompt.prompt)), prompt)
        XCTAssertEqual(world.prompt(matching: "  " + prompt.prompt + "\n"), prompt)
        XCTAssertNil(world.prompt(matching: "What is the meaning of life?"))
    }

    func testRandomIsDeterministicAndUniform() {
        var a = WorldRandom(seed: 42)
        var b = WorldRandom(seed: 42)
        XCTAssertEqual((0..<5).map { _ in a.next() }, (0..<5).map { _ in b.next() })
        // SplitMix64 reference values for seed 0 (Vigna's splitmix64.c).
        var mixer = SplitMix64(seed: 0)
        XCTAssertEqual(mixer.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(mixer.next(), 0x6E78_9E6A_A1B9_65F4)
        var counts = [Int](repeating: 0, count: 6)
        var random = WorldRandom(seed: 1, stream: "dice")
        for _ in 0..<60_000 { counts[random.int(in: 0...5)] += 1 }
        for count in counts { XCTAssertEqual(Double(count), 10_000, accuracy: 400) }
        var streamA = WorldRandom(seed: 1, stream: "a")
        var streamB = WorldRandom(seed: 1, stream: "b")
        XCTAssertNotEqual(streamA.next(), streamB.next())
    }
}
