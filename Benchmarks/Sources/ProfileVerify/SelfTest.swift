import ClerkSession

/// Differential checks of the fast paths against straightforward reference code (`ProfileVerify selftest`).
enum SelfTest {
    static func referenceBase64URL(_ input: [UInt8]) -> [UInt8]? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var table = [Int](repeating: -1, count: 256)
        for (v, b) in alphabet.enumerated() { table[Int(b)] = v }
        if input.count % 4 == 1 { return nil }
        var bits = 0
        var nbits = 0
        var out: [UInt8] = []
        for byte in input {
            let v = table[Int(byte)]
            if v < 0 { return nil }
            bits = bits << 6 | v
            nbits += 6
            if nbits >= 8 {
                nbits -= 8
                out.append(UInt8(truncatingIfNeeded: bits >> nbits))
                bits &= (1 << nbits) - 1
            }
        }
        if bits != 0 { return nil }  // non-canonical trailing bits
        return out
    }

    static func run() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let hostile = Array("=+/. \n\0".utf8) + [0x80, 0xFF]
        var checked = 0
        // Every string of up to 3 characters over a small mixed alphabet, then random ones.
        let small = Array("AB_-gw=+".utf8)
        func all(_ prefix: [UInt8], _ depth: Int) {
            check(prefix)
            if depth == 0 { return }
            for c in small { all(prefix + [c], depth - 1) }
        }
        func check(_ s: [UInt8]) {
            let fast = Base64URL.decode(String(decoding: s, as: UTF8.self))
            let slow = referenceBase64URL(s)
            precondition(
                fast == slow, "base64url mismatch on \(s): \(String(describing: fast)) vs \(String(describing: slow))")
            checked += 1
        }
        all([], 4)
        for _ in 0..<200_000 {
            let n = Int.random(in: 0...40, using: &rng)
            var s = (0..<n).map { _ in alphabet.randomElement(using: &rng)! }
            if n > 0, Int.random(in: 0..<4, using: &rng) == 0 {
                s[Int.random(in: 0..<n, using: &rng)] = hostile.randomElement(using: &rng)!
            }
            check(s)
        }
        // Strict UTF-8, through the claims parser: a payload {"sid":"<bytes>"} has a sid exactly when the
        // bytes are valid UTF-8 (they avoid JSON's special characters).
        var utf8Checked = 0
        let interesting: [UInt8] = [
            0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xA0, 0xED, 0x9F, 0xEF, 0xF0, 0x90, 0xF4, 0x8F, 0xF5,
            0xFF,
        ]
        for _ in 0..<200_000 {
            let n = Int.random(in: 0...24, using: &rng)
            let body: [UInt8] = (0..<n).map { _ in
                Int.random(in: 0..<3, using: &rng) == 0
                    ? UInt8.random(in: 0x20...0x7E, using: &rng) : interesting.randomElement(using: &rng)!
            }.filter { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
            let payload = Array("{\"sid\":\"".utf8) + body + Array("\"}".utf8)
            let token = "e30." + Base64URL.encode(payload) + ".AA"
            let parsed = SessionTokenVerifier.unverifiedSessionID(of: token)
            let valid = String(validating: body, as: UTF8.self) != nil
            precondition((parsed != nil) == valid, "UTF-8 mismatch on \(body)")
            if valid { precondition(Array(parsed!.utf8) == body) }
            utf8Checked += 1
        }
        // Compact token splitting.
        for text in ["a.b.c", "a.b", "a.b.c.d", "..", "a..c", ".b.c", "a.b.", "", "abc"] {
            let sid = SessionTokenVerifier.unverifiedSessionID(of: text)
            precondition(sid == nil)
        }
        let good = "e30." + Base64URL.encode(Array("{\"sid\":\"s\"}".utf8)) + ".AA"
        precondition(SessionTokenVerifier.unverifiedSessionID(of: good) == "s")
        precondition(SessionTokenVerifier.unverifiedSessionID(of: good + ".x") == nil)
        // Duplicate member names, plain and escaped.
        func sid(_ json: String) -> String? {
            SessionTokenVerifier.unverifiedSessionID(of: "e30." + Base64URL.encode(Array(json.utf8)) + ".AA")
        }
        precondition(sid(#"{"sid":"a","sid":"b"}"#) == nil)
        precondition(sid(#"{"sid":"a","si\u0064":"b"}"#) == nil)
        precondition(sid(#"{"\u0073id":"a","sid":"b"}"#) == nil)
        precondition(sid(#"{"":1,"sid":"a","":2}"#) == nil)
        precondition(sid(#"{"sid":"a","sie":"b","o":{"x":1,"x":2}}"#) == nil)
        precondition(sid(#"{"sid":"a","sie":"b","o":{"x":1,"y":2},"x":3}"#) == "a")
        precondition(sid(#"{"sid":"a","sidx":"b","si":"c"}"#) == "a")
        print("selftest ok: \(checked) base64url strings, \(utf8Checked) UTF-8 strings")
    }
}
