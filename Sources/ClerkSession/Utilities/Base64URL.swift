/// Strict base64url (RFC 7515 §2, RFC 4648 §5): alphabet `A-Z a-z 0-9 - _` only, no padding, no
/// whitespace, length not ≡ 1 (mod 4), and canonical (the unused low bits of the last character are zero),
/// so one token has exactly one spelling.
public enum Base64URL {
    /// Sentinel for bytes outside the alphabet.
    private static let invalid: UInt8 = 0xFF

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    /// The decode table split by position in a four-character group and pre-shifted (see
    /// `RawBytes.decodeBase64URL`): 4 × 256 entries, the value's bits in place within the group's three
    /// output bytes (little-endian), or bit 24 for bytes outside the alphabet.
    private static let shiftedDecodeTables: [UInt32] = {
        var tables = [UInt32](repeating: 1 << 24, count: 1024)
        for byte in 0..<256 {
            let entry = decodeTable[byte]
            guard entry != invalid else { continue }
            let v = UInt32(entry)
            tables[byte] = v << 2  // byte 0, bits 7...2
            tables[256 + byte] = v >> 4 | (v & 0x0F) << 12  // byte 0, bits 1...0; byte 1, bits 7...4
            tables[512 + byte] = (v >> 2) << 8 | (v & 0x03) << 22  // byte 1, bits 3...0; byte 2, bits 7...6
            tables[768 + byte] = v << 16  // byte 2, bits 5...0
        }
        return tables
    }()

    private static let encodeTable = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Decodes `input[range]` strictly; nil when it is not canonical base64url.
    static func decode(_ input: [UInt8], _ range: Range<Int>) -> [UInt8]? {
        RawBytes.decodeBase64URL(input, range, table: decodeTable, shifted: shiftedDecodeTables)
    }

    /// Decodes a whole string strictly; nil when it is not canonical base64url.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let bytes = Array(text.utf8)
        return decode(bytes, 0..<bytes.count)
    }

    /// Encodes bytes as unpadded base64url.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= input.count {
            let word = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            out.append(encodeTable[Int(word >> 18 & 0x3F)])
            out.append(encodeTable[Int(word >> 12 & 0x3F)])
            out.append(encodeTable[Int(word >> 6 & 0x3F)])
            out.append(encodeTable[Int(word & 0x3F)])
            i += 3
        }
        let rest = input.count - i
        if rest == 1 {
            let word = UInt32(input[i]) << 16
            out.append(encodeTable[Int(word >> 18 & 0x3F)])
            out.append(encodeTable[Int(word >> 12 & 0x3F)])
        } else if rest == 2 {
            let word = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
            out.append(encodeTable[Int(word >> 18 & 0x3F)])
            out.append(encodeTable[Int(word >> 12 & 0x3F)])
            out.append(encodeTable[Int(word >> 6 & 0x3F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
