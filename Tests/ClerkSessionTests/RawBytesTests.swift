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
}
