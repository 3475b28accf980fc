import Testing

@testable import ClerkSession

/// The raw-memory kernels under the token parser, against plain Swift on the same inputs, edges included.
@Suite("Raw-memory kernels")
struct RawBytesTests {
    @Test("firstIndex(of:in:from:) agrees with firstIndex(of:) on every start, past the end included")
    func firstIndexAgrees() {
        let bytes = Array("a.bc..d.".utf8)
        for start in 0...(bytes.count + 2) {
            let expected = start < bytes.count ? bytes[start...].firstIndex(of: UInt8(ascii: ".")) : nil
            #expect(RawBytes.firstIndex(of: UInt8(ascii: "."), in: bytes, from: start) == expected, "start \(start)")
        }
        #expect(RawBytes.firstIndex(of: UInt8(ascii: "."), in: [], from: 0) == nil)
        #expect(RawBytes.firstIndex(of: 0, in: [1, 2, 0], from: 0) == 2)
    }

    @Test("endOfASCII stops at the first high byte wherever it sits relative to an 8-byte word")
    func endOfASCIIAgrees() {
        for length in 0...20 {
            for position in 0...length {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                if position < length { bytes[position] = 0x80 | UInt8(position) }
                for start in 0...length {
                    let expected = bytes[start...].firstIndex(where: { $0 >= 0x80 }) ?? length
                    #expect(
                        RawBytes.endOfASCII(bytes, from: start) == expected,
                        "length \(length), high byte at \(position), start \(start)")
                }
            }
        }
    }

    @Test("equal compares same-length ranges, empty ones included")
    func equalAgrees() {
        let bytes = Array("subsubsidsid".utf8)
        let ranges = [0..<3, 3..<6, 6..<9, 9..<12, 0..<2, 3..<3, 12..<12, 0..<12]
        for a in ranges {
            for b in ranges {
                guard a.count == b.count else { continue }
                #expect(
                    RawBytes.equal(bytes, a.lowerBound, b.lowerBound, count: a.count)
                        == bytes[a].elementsEqual(bytes[b]), "\(a) vs \(b)")
            }
        }
    }

    @Test("equal(_:at:_:) compares a range with another array, at every start and length")
    func equalAtAgrees() {
        let bytes = Array("subsubsidsid\u{0}\u{FF}".utf8)
        let others = ["", "s", "sub", "sid", "subs", "bsi", "sidsid", "\u{0}", "id\u{0}\u{FF}"].map { Array($0.utf8) }
        for other in others {
            for start in 0...(bytes.count - other.count) {
                #expect(
                    RawBytes.equal(bytes, at: start, other)
                        == bytes[start..<(start + other.count)].elementsEqual(other),
                    "\(other) at \(start)")
            }
        }
    }

    @Test("decodeBase64URL reads exactly its range of a larger array")
    func decodeReadsOnlyItsRange() {
        // Bytes outside the alphabet just before and after the range must not matter; one inside must.
        let text = Array("!!eyJhbGciOiJSUzI1NiJ9!!".utf8)
        let decoded = Base64URL.decode(text, 2..<22)
        #expect(decoded.map { String(decoding: $0, as: UTF8.self) } == #"{"alg":"RS256"}"#)
        #expect(Base64URL.decode(text, 1..<21) == nil)
        #expect(Base64URL.decode(text, 3..<23) == nil)
        #expect(Base64URL.decode(text, 2..<2) == [])
    }

    @Test("isCompactJWSAlphabet (eight bytes at a time) agrees with the plain per-byte rule")
    func alphabetDifferential() {
        // Every byte value at every position of a word and in the tail, in strings of 1 to 40 bytes.
        let good = Array("eyJhbGciOiJSUzI1NiJ9.abc-_XYZ0189.zZ".utf8)
        for length in 1...40 {
            var base = (0..<length).map { good[$0 % good.count] }
            #expect(RawBytes.isCompactJWSAlphabet(String(decoding: base, as: UTF8.self)))
            for position in [0, length / 2, length - 1] {
                for value in UInt8.min...UInt8.max {
                    let saved = base[position]
                    base[position] = value
                    let text = String(decoding: base, as: UTF8.self)
                    let plain = text.utf8.allSatisfy(RawBytes.isCompactJWSByte)
                    #expect(
                        RawBytes.isCompactJWSAlphabet(text) == plain,
                        "length \(length) position \(position) byte \(value)")
                    base[position] = saved
                }
            }
        }
        #expect(RawBytes.isCompactJWSAlphabet(""))
        // A bridged or small string takes the copying path: same answer.
        #expect(RawBytes.isCompactJWSAlphabet("a.b-c_D9"))
        #expect(!RawBytes.isCompactJWSAlphabet("a.b c"))
    }

    @Test("sameUTF8 is byte equality, not Unicode equivalence")
    func sameUTF8Differential() {
        let samples = [
            "", "a", "K", "\u{212A}", "abc", String(repeating: "x", count: 100),
            String(repeating: "x", count: 99) + "y",
            "e\u{301}", "\u{E9}", "eyJ" + String(repeating: "A", count: 1000),
        ]
        for a in samples {
            for b in samples {
                #expect(
                    RawBytes.sameUTF8(a, b) == a.utf8.elementsEqual(b.utf8),
                    "\(Array(a.utf8).prefix(8)) vs \(Array(b.utf8).prefix(8))")
            }
        }
        #expect(!RawBytes.sameUTF8("K", "\u{212A}"))
    }
}
