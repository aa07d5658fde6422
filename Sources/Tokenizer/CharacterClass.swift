/// The four character classes the GPT-2 pattern distinguishes:
/// `\p{L}` letters, `\p{N}` numbers, `\s` white space (the Unicode White_Space property),
/// and everything else (punctuation, symbols, marks, controls — and bytes that are not valid UTF-8).
enum CharacterClass: UInt8 {
    case other = 0, letter = 1, number = 2, space = 3

    static func of(_ value: UInt32) -> CharacterClass {
        if value < 0x10000 { return basicPlane[Int(value)] }
        guard let scalar = Unicode.Scalar(value) else { return .other }
        return classify(scalar)
    }

    /// Classes of U+0000…U+FFFF computed once (64 KiB), so the scanner never asks the
    /// standard library's property tables in the hot path.
    static let basicPlane: [CharacterClass] = (0..<0x10000).map { value in
        guard let scalar = Unicode.Scalar(UInt32(value)) else { return .other }  // surrogates
        return classify(scalar)
    }

    private static func classify(_ scalar: Unicode.Scalar) -> CharacterClass {
        let properties = scalar.properties
        if properties.isWhitespace { return .space }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .other
        }
    }
}

/// One character read from possibly invalid UTF-8: its class and its length in bytes.
/// A byte that does not start a well-formed UTF-8 sequence is a one-byte character of class `.other`.
/// `classes` is `CharacterClass.basicPlane`, passed in so the hot loop skips the global's lazy-init check.
@inline(__always)
func readCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int,
                   classes: UnsafeBufferPointer<CharacterClass>) -> (CharacterClass, Int) {
    let lead = bytes[index]
    if lead < 0x80 { return (classes[Int(lead)], 1) }
    @inline(__always) func classOf(_ value: UInt32) -> CharacterClass {
        value < 0x10000 ? classes[Int(value)] : CharacterClass.of(value)
    }
    let end = bytes.count
    @inline(__always) func continuation(_ offset: Int) -> UInt32? {
        let position = index + offset
        guard position < end else { return nil }
        let byte = bytes[position]
        return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
    }
    // Well-formed sequences per Unicode Table 3-7: no overlong forms, no surrogates, at most U+10FFFF.
    switch lead {
    case 0xC2...0xDF:
        if let c1 = continuation(1) { return (classOf(UInt32(lead & 0x1F) << 6 | c1), 2) }
    case 0xE0...0xEF:
        if let c1 = continuation(1), let c2 = continuation(2) {
            let value = UInt32(lead & 0x0F) << 12 | c1 << 6 | c2
            if value >= 0x800 && !(0xD800...0xDFFF).contains(value) { return (classOf(value), 3) }
        }
    case 0xF0...0xF4:
        if let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) {
            let value = UInt32(lead & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            if (0x10000...0x10FFFF).contains(value) { return (classOf(value), 4) }
        }
    default:
        break
    }
    return (.other, 1)
}
