import Testing

@testable import ClerkSession

/// Differential tests of the cold-verify kernels (issue 16): each raw-memory fast path against a plain,
/// safe version of the same function, over exhaustive small cases, random inputs and adversarial ones.
@Suite("Cold-path kernels, differential")
struct ColdPathKernelTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Plain strict base64url: one character at a time, non-canonical final bits refused.
    static func plainBase64URL(_ input: ArraySlice<UInt8>) -> [UInt8]? {
        var table = [Int](repeating: -1, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = value }
        if input.count % 4 == 1 { return nil }
        var bits = 0
        var bitCount = 0
        var out: [UInt8] = []
        for byte in input {
            let value = table[Int(byte)]
            if value < 0 { return nil }
            bits = bits << 6 | value
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                out.append(UInt8(truncatingIfNeeded: bits >> bitCount))
                bits &= (1 << bitCount) - 1
            }
        }
        return bits == 0 ? out : nil
    }

    /// Plain end of a JSON string's run of plain bytes.
    static func plainEndOfPlainJSONString(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            i += 1
        }
        return i
    }

    @Test("decodeBase64URL (pre-shifted tables, four-byte stores) agrees with a plain decoder")
    func base64URLDifferential() {
        var generator = SplitMix64(seed: 16)
        let hostile: [UInt8] = Array("=+/. \n\0.".utf8) + [0x80, 0xC3, 0xFF, 0x7F, 0x40, 0x5B, 0x60, 0x7B, 0x2C, 0x2F]
        // Every string of up to four characters over a mixed alphabet: canonical and non-canonical
        // endings, invalid bytes in every position of a group.
        let small = Array("AB_-gw9=/.".utf8) + [0xFF]
        var strings: [[UInt8]] = [[]]
        var frontier: [[UInt8]] = [[]]
        for _ in 0..<4 {
            frontier = frontier.flatMap { prefix in small.map { prefix + [$0] } }
            strings += frontier
        }
        // Random ones, long enough for many full groups, with a hostile byte at a random place in a quarter.
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...90, using: &generator)
            var text = (0..<count).map { _ in Self.alphabet.randomElement(using: &generator)! }
            if count > 0, Int.random(in: 0..<4, using: &generator) == 0 {
                text[Int.random(in: 0..<count, using: &generator)] = hostile.randomElement(using: &generator)!
            }
            strings.append(text)
        }
        // Every byte value at every position of a 12-character string.
        let base = Array("eyJhbGciOiJS".utf8)
        for position in base.indices {
            for value in UInt8.min...UInt8.max {
                var text = base
                text[position] = value
                strings.append(text)
            }
        }
        for text in strings {
            #expect(Base64URL.decode(text, 0..<text.count) == Self.plainBase64URL(text[...]), "\(text)")
            // As a range of a larger buffer, with invalid bytes right outside it.
            let framed = [0xFF, 0x3D] + text + [0xFF, 0x2E]
            #expect(
                Base64URL.decode(framed, 2..<(2 + text.count)) == Self.plainBase64URL(text[...]), "framed \(text)")
        }
    }

    @Test("endOfPlainJSONString (eight bytes a load) agrees with a plain loop")
    func plainJSONStringDifferential() {
        // Every byte value at three positions of strings of 0 to 24 bytes, from every start.
        for length in 0...24 {
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            for position in Set([0, length / 2, max(0, length - 1)]) where position < length {
                for value in UInt8.min...UInt8.max {
                    let saved = bytes[position]
                    bytes[position] = value
                    for start in 0...length {
                        #expect(
                            RawBytes.endOfPlainJSONString(bytes, from: start)
                                == Self.plainEndOfPlainJSONString(bytes, from: start),
                            "length \(length), byte \(value) at \(position), start \(start)")
                    }
                    bytes[position] = saved
                }
            }
        }
        // Random mixes of the bytes that stop a run, their neighbours (0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D)
        // and high bytes: borrows between lanes must neither hide nor invent a stop.
        var generator = SplitMix64(seed: 1616)
        let tricky: [UInt8] = [
            0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF,
        ]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ in
                Int.random(in: 0..<6, using: &generator) == 0
                    ? tricky.randomElement(using: &generator)! : UInt8.random(in: 0x23...0x5B, using: &generator)
            }
            let start = Int.random(in: 0...count, using: &generator)
            #expect(
                RawBytes.endOfPlainJSONString(bytes, from: start) == Self.plainEndOfPlainJSONString(bytes, from: start),
                "\(bytes) from \(start)")
        }
    }

    @Test("fingerprint over raw memory agrees with StrictJSON.fingerprint(of:) on every range")
    func fingerprintDifferential() {
        var generator = SplitMix64(seed: 161_616)
        for _ in 0..<300 {
            let count = Int.random(in: 0...20, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Every range, those that end near the array's end (the byte-at-a-time path) included.
            for start in 0...count {
                for end in start...count {
                    #expect(
                        RawBytes.fingerprint(bytes, start, end) == StrictJSON.fingerprint(of: bytes[start..<end]),
                        "\(bytes) \(start)..<\(end)")
                }
            }
        }
        // Equal names share a fingerprint; names of up to seven bytes that differ do not.
        let names = ["", "a", "b", "ab", "ba", "sid", "sie", "sub", "azp", "exp", "\u{0}", "\u{0}\u{0}", "abcdefg"]
        for a in names {
            for b in names {
                let same = StrictJSON.fingerprint(of: Array(a.utf8)) == StrictJSON.fingerprint(of: Array(b.utf8))
                #expect(same == Array(a.utf8).elementsEqual(Array(b.utf8)), "\(a) vs \(b)")
            }
        }
    }

    @Test("Names with equal fingerprints are still told apart, and duplicates still refused")
    func fingerprintCollisions() throws {
        // Same length, same first eight bytes: the fingerprints collide, the names differ.
        let json = try StrictJSON(parsing: Array(#"{"abcdefghX":1,"abcdefghY":2,"abcdefgh":3}"#.utf8))
        let y = try #require(json.member(Array("abcdefghY".utf8)))
        let x = try #require(json.member(Array("abcdefghX".utf8)))
        let eight = try #require(json.member(Array("abcdefgh".utf8)))
        #expect(json.double(y) == 2)
        #expect(json.double(x) == 1)
        #expect(json.double(eight) == 3)
        #expect(json.member(Array("abcdefghZ".utf8)) == nil)
        // A length 256 apart XORs the same top byte: still different names.
        let long = String(repeating: "k", count: 260)
        let four = String(repeating: "k", count: 4)
        let other = try StrictJSON(parsing: Array("{\"\(long)\":1,\"\(four)\":2}".utf8))
        let fourMember = try #require(other.member(Array(four.utf8)))
        #expect(other.double(fourMember) == 2)
        // Duplicates: plain, escaped either side, long, in nested objects, past 16 members.
        for text in [
            #"{"sid":1,"sid":2}"#, #"{"s\u0069d":1,"sid":2}"#, #"{"sid":1,"\u0073id":2}"#,
            #"{"abcdefghX":1,"abcdefghX":2}"#, #"{"a":{"x":1,"y":2,"x":3}}"#, #"{"":1,"a":2,"":3}"#,
            "{" + (0..<20).map { "\"k\($0)\":1" }.joined(separator: ",") + ",\"k7\":2}",
        ] {
            #expect(throws: StrictJSON.ParseError.self, "\(text)") { try StrictJSON(parsing: Array(text.utf8)) }
        }
        // An escaped name is found by its decoded bytes.
        let escaped = try StrictJSON(parsing: Array(#"{"\u0073id":"s","sub":"u"}"#.utf8))
        #expect(escaped.string(member: Array("sid".utf8)) == "s")
    }

    @Test("The duplicate check (a 256-bit fingerprint filter, then pairs) agrees with a plain one")
    func duplicateFilterAgreesWithPlainCheck() {
        // Names from a small pool, so duplicates, equal fingerprints (same length and first eight bytes) and
        // filter collisions all happen; some spelled with an escape, which must still count as the same name.
        let pool = [
            "sid", "sub", "exp", "iat", "a", "", "abcdefghX", "abcdefghY", "abcdefgh", "metadata", "o", "k1", "k2",
            "k3", "k4", "k5", "k6", "k7", "k8", "k9",
        ]
        func spelled(_ name: String, escaped: Bool) -> String {
            guard escaped, let first = name.unicodeScalars.first else { return name }
            let hex = String(first.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                + name.unicodeScalars.dropFirst().map(String.init).joined()
        }
        var generator = SplitMix64(seed: 0x5EED_D0D0)
        var refused = 0
        for _ in 0..<4000 {
            let count = 2 + Int(generator.next() % 15)  // 2...16 members: the filtered path
            let names = (0..<count).map { _ in pool[Int(generator.next() % UInt64(pool.count))] }
            let text =
                "{" + names.map { "\"\(spelled($0, escaped: generator.next() % 4 == 0))\":1" }.joined(separator: ",")
                + "}"
            // The plain rule: any two equal names (as bytes) in the list.
            var plainDuplicate = false
            for i in 0..<names.count {
                for j in (i + 1)..<names.count where Array(names[i].utf8) == Array(names[j].utf8) {
                    plainDuplicate = true
                }
            }
            let parsed = (try? StrictJSON(parsing: Array(text.utf8))) != nil
            #expect(parsed == !plainDuplicate, "\(text)")
            if plainDuplicate { refused += 1 }
        }
        #expect(refused > 500 && refused < 3500)
    }
}
