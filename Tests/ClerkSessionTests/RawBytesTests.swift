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
                    #expect(RawBytes.endOfASCII(bytes, from: start) == expected,
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
                #expect(RawBytes.equal(bytes, a.lowerBound, b.lowerBound, count: a.count)
                        == bytes[a].elementsEqual(bytes[b]), "\(a) vs \(b)")
            }
        }
    }

    @Test("decodeBase64URL decodes a slice of a larger array and refuses non-canonical input")
    func decodeMatchesTheStrictDecoder() {
        let text = Array("xxeyJhbGciOiJSUzI1NiJ9yy".utf8)
        // A range in the middle of a larger array decodes exactly that slice.
        let decoded = Base64URL.decode(text, 2..<22)
        #expect(decoded.map { String(decoding: $0, as: UTF8.self) } == #"{"alg":"RS256"}"#)
        // Non-canonical final characters and out-of-alphabet bytes are refused.
        #expect(Base64URL.decode("QR") == nil)      // low bits set in the last character
        #expect(Base64URL.decode("QQ") == [0x41])
        #expect(Base64URL.decode("QUI") == [0x41, 0x42])
        #expect(Base64URL.decode("QUJ") == nil)
        #expect(Base64URL.decode("QUJD+A") == nil)
        #expect(Base64URL.decode("A") == nil)
        #expect(Base64URL.decode("") == [])
    }
}
