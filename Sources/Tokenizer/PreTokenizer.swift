/// GPT-2's pre-tokenization, written as a scanner over bytes instead of a regex engine:
///
///     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
///
/// At each position the first alternative that matches wins, exactly as the regex does. The last two
/// alternatives make a run of white space give up its final character when a non-space follows, so
/// that one space stays attached to the next word (`"a   b"` → `a`, `␣␣`, `␣b`).
/// Bytes that are not valid UTF-8 count as characters of the `[^\s\p{L}\p{N}]` class.
enum PreTokenizer {
    /// Calls `body` with the byte range of each piece, in order; the ranges cover the input.
    @inline(__always)
    static func forEachPiece(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        CharacterClass.basicPlane.withUnsafeBufferPointer { classes in
            let end = bytes.count
            var start = 0
            while start < end {
                let pieceEnd = endOfPiece(in: bytes, from: start, classes: classes)
                body(start..<pieceEnd)
                start = pieceEnd
            }
        }
    }

    @inline(__always)
    static func endOfPiece(in bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                           classes: UnsafeBufferPointer<CharacterClass>) -> Int {
        let end = bytes.count
        if bytes[start] == UInt8(ascii: "'"), let contractionEnd = endOfContraction(in: bytes, from: start) {
            return contractionEnd
        }
        var (kind, length) = readCharacter(bytes, at: start, classes: classes)
        var runStart = start
        // ` ?X+`: one ASCII space may lead a run of letters, numbers or other characters.
        if bytes[start] == 0x20 && start + 1 < end {
            let (nextKind, nextLength) = readCharacter(bytes, at: start + 1, classes: classes)
            if nextKind != .space {
                kind = nextKind
                length = nextLength
                runStart = start + 1
            }
        }
        if kind != .space {
            var position = runStart + length
            while position < end {
                let (nextKind, nextLength) = readCharacter(bytes, at: position, classes: classes)
                if nextKind != kind { break }
                position += nextLength
            }
            return position
        }
        // White space: `\s+(?!\S)` keeps all but the last character when a non-space follows;
        // a single space character before a non-space falls through to `\s+` and stands alone.
        var position = start + length
        var lastCharacterStart = start
        while position < end {
            let (nextKind, nextLength) = readCharacter(bytes, at: position, classes: classes)
            if nextKind != .space { break }
            lastCharacterStart = position
            position += nextLength
        }
        if position == end || lastCharacterStart == start { return position }
        return lastCharacterStart
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d`, case-sensitive, ASCII apostrophe only.
    @inline(__always)
    private static func endOfContraction(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start + 1 < bytes.count else { return nil }
        switch bytes[start + 1] {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return start + 2
        case UInt8(ascii: "r"), UInt8(ascii: "v"):
            return start + 2 < bytes.count && bytes[start + 2] == UInt8(ascii: "e") ? start + 3 : nil
        case UInt8(ascii: "l"):
            return start + 2 < bytes.count && bytes[start + 2] == UInt8(ascii: "l") ? start + 3 : nil
        default:
            return nil
        }
    }
}
