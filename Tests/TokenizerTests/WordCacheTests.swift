import XCTest
@testable import Tokenizer

final class WordCacheTests: XCTestCase {
    func lookup(_ cache: WordCache, _ word: String) -> [Int]? {
        var ids: [Int] = []
        let found = Array(word.utf8).withUnsafeBufferPointer { cache.append($0, to: &ids) }
        return found ? ids : nil
    }

    func insert(_ cache: WordCache, _ word: String, _ ids: [UInt32]) {
        Array(word.utf8).withUnsafeBufferPointer { cache.insert($0, ids: ids) }
    }

    func testStoresAndEmptiesWhenFull() {
        let cache = WordCache(maximumEntries: 2)
        insert(cache, "hello", [1, 2])
        insert(cache, " world", [3])
        XCTAssertEqual(lookup(cache, "hello"), [1, 2])
        XCTAssertEqual(lookup(cache, " world"), [3])
        XCTAssertNil(lookup(cache, "hell"))
        insert(cache, "again", [4, 5, 6])  // full: emptied first
        XCTAssertNil(lookup(cache, "hello"))
        XCTAssertEqual(lookup(cache, "again"), [4, 5, 6])
    }

    func testByteStringTableGrowsAndReplaces() {
        var table = ByteStringTable()
        for value in 0..<1000 { table.insert(Array("key\(value)".utf8), value: UInt64(value)) }
        table.insert(Array("key7".utf8), value: 70)
        XCTAssertEqual(table.count, 1000)
        XCTAssertEqual(table.lookup(Array("key999".utf8)), 999)
        XCTAssertEqual(table.lookup(Array("key7".utf8)), 70)
        XCTAssertNil(table.lookup(Array("key1000".utf8)))
        XCTAssertNil(table.lookup([]))
    }
}
