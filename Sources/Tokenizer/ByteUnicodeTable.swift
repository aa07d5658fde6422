/// GPT-2's reversible map between bytes and printable Unicode characters.
///
/// tokenizer.json stores byte-level tokens as text: printable Latin-1 bytes stand for themselves and
/// the other 68 bytes (controls, space, soft hyphen…) are shifted to U+0100 and above, so that
/// a space is written `Ġ` (U+0120) and a newline `Ċ` (U+010A).
enum ByteUnicodeTable {
    /// Unicode scalar value standing for each byte.
    static let scalarForByte: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var shifted: UInt32 = 256
        for byte in 0..<256 {
            if isPrintable(byte) {
                table[byte] = UInt32(byte)
            } else {
                table[byte] = shifted
                shifted += 1
            }
        }
        return table
    }()

    /// The 256 bytes in GPT-2's vocabulary order: printable bytes first, then the shifted ones.
    static let bytesInGPT2Order: [UInt8] = {
        let printable = (0..<256).filter(isPrintable)
        let shifted = (0..<256).filter { !isPrintable($0) }
        return (printable + shifted).map(UInt8.init)
    }()

    private static let byteForScalar: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (byte, scalar) in scalarForByte.enumerated() { map[scalar] = UInt8(byte) }
        return map
    }()

    private static func isPrintable(_ byte: Int) -> Bool {
        (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
    }

    /// The byte-level text of a token, as tokenizer.json writes it.
    static func encode(_ bytes: [UInt8]) -> String {
        var text = String.UnicodeScalarView()
        for byte in bytes {
            text.append(Unicode.Scalar(scalarForByte[Int(byte)])!)  // every table entry is a valid scalar
        }
        return String(text)
    }

    /// The bytes of a byte-level token text, or nil if a character is outside the table.
    static func decode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard let byte = byteForScalar[scalar.value] else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
