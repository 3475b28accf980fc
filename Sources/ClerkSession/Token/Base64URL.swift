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

    private static let encodeTable = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Decodes `input[range]` strictly; nil when it is not canonical base64url.
    static func decode(_ input: [UInt8], _ range: Range<Int>) -> [UInt8]? {
        precondition(range.lowerBound >= 0 && range.upperBound <= input.count)
        // The pointer loop below trusts the range: check it once, cheaply.
        precondition(range.lowerBound >= 0 && range.upperBound <= input.count, "range outside the input")
        let count = range.count
        let remainder = count % 4
        if remainder == 1 { return nil }
        if count == 0 { return [] }
        let outputCount = count / 4 * 3 + (remainder == 0 ? 0 : remainder - 1)
        var valid = true
        // One pass over raw pointers: no per-byte bounds or capacity checks (the range is checked above).
        let output = [UInt8](unsafeUninitializedCapacity: outputCount) { out, initialized in
            decodeTable.withUnsafeBufferPointer { table in
                input.withUnsafeBufferPointer { whole in
                    let src = whole.baseAddress! + range.lowerBound
                    let dst = out.baseAddress!
                    var i = 0, o = 0
                    let fullEnd = count - remainder
                    var bad: UInt8 = 0
                    while i < fullEnd {
                        let a = table[Int(src[i])], b = table[Int(src[i + 1])]
                        let c = table[Int(src[i + 2])], d = table[Int(src[i + 3])]
                        bad |= a | b | c | d
                        let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                        dst[o] = UInt8(truncatingIfNeeded: word >> 16)
                        dst[o + 1] = UInt8(truncatingIfNeeded: word >> 8)
                        dst[o + 2] = UInt8(truncatingIfNeeded: word)
                        i += 4
                        o += 3
                    }
                    if remainder == 2 {
                        let a = table[Int(src[i])], b = table[Int(src[i + 1])]
                        bad |= a | b
                        if b & 0x0F != 0 { bad |= 0xC0 }
                        dst[o] = a << 2 | b >> 4
                    } else if remainder == 3 {
                        let a = table[Int(src[i])], b = table[Int(src[i + 1])], c = table[Int(src[i + 2])]
                        bad |= a | b | c
                        if c & 0x03 != 0 { bad |= 0xC0 }
                        dst[o] = a << 2 | b >> 4
                        dst[o + 1] = (b & 0x0F) << 4 | c >> 2
                    }
                    // Table entries are 0...63 for the alphabet and 0xFF otherwise: any high bit means invalid.
                    valid = bad & 0xC0 == 0
                }
            }
            initialized = outputCount
        }
        return valid ? output : nil
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
            out.append(encodeTable[Int(word >> 18 & 0x3F)]); out.append(encodeTable[Int(word >> 12 & 0x3F)])
            out.append(encodeTable[Int(word >> 6 & 0x3F)]); out.append(encodeTable[Int(word & 0x3F)])
            i += 3
        }
        let rest = input.count - i
        if rest == 1 {
            let word = UInt32(input[i]) << 16
            out.append(encodeTable[Int(word >> 18 & 0x3F)]); out.append(encodeTable[Int(word >> 12 & 0x3F)])
        } else if rest == 2 {
            let word = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8
            out.append(encodeTable[Int(word >> 18 & 0x3F)]); out.append(encodeTable[Int(word >> 12 & 0x3F)])
            out.append(encodeTable[Int(word >> 6 & 0x3F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
