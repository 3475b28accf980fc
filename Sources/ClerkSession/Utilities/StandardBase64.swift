/// Standard base64 (RFC 4648 §4), the package's one codec for this alphabet (base64url is ``Base64URL``).
///
/// Decoding is for PEM bodies and publishable keys: `+` and `/`, `=` padding (required to complete the
/// last quantum), ASCII whitespace between characters ignored, anything else refused. Encoding is padded.
package enum StandardBase64 {
    private static let encodeTable = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Decodes `text`; nil when it is not standard base64 (whitespace between characters is ignored).
    package static func decode(_ text: Substring) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var padding = 0
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A:
                guard padding == 0 else { return nil }
                values.append(byte - 0x41)
            case 0x61...0x7A:
                guard padding == 0 else { return nil }
                values.append(byte - 0x61 + 26)
            case 0x30...0x39:
                guard padding == 0 else { return nil }
                values.append(byte - 0x30 + 52)
            case UInt8(ascii: "+"):
                guard padding == 0 else { return nil }
                values.append(62)
            case UInt8(ascii: "/"):
                guard padding == 0 else { return nil }
                values.append(63)
            case UInt8(ascii: "="): padding += 1
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default: return nil
            }
        }
        guard padding <= 2, (values.count + padding) % 4 == 0, values.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 3 / 4)
        var i = 0
        while i + 4 <= values.count {
            out.append(values[i] << 2 | values[i + 1] >> 4)
            out.append(values[i + 1] << 4 | values[i + 2] >> 2)
            out.append(values[i + 2] << 6 | values[i + 3])
            i += 4
        }
        let rest = values.count - i
        if rest >= 2 { out.append(values[i] << 2 | values[i + 1] >> 4) }
        if rest == 3 { out.append(values[i + 1] << 4 | values[i + 2] >> 2) }
        return out
    }

    /// Encodes bytes as padded standard base64.
    package static func encode(_ input: [UInt8]) -> String {
        let table = encodeTable
        var out: [UInt8] = []
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var i = 0
        while i < input.count {
            let b0 = input[i]
            let b1 = i + 1 < input.count ? input[i + 1] : 0
            let b2 = i + 2 < input.count ? input[i + 2] : 0
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(i + 1 < input.count ? table[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < input.count ? table[Int(b2 & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
