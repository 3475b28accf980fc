import Foundation
import Testing

@testable import ClerkSession

/// The strict base64url decoder (RFC 7515 §2, RFC 4648 §5) and its encoder.
@Suite("Strict base64url")
struct Base64URLTests {
    @Test("RFC 4648 test vectors, unpadded")
    func knownAnswers() {
        let vectors: [(String, String)] = [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }

    @Test("Padding is refused")
    func padding() {
        for text in ["Zg==", "Zm8=", "Zg=", "Zm9v====", "=", "==", "Zm9v=", "Z=g"] {
            #expect(Base64URL.decode(text) == nil, "\(text)")
        }
    }

    @Test("The standard alphabet and other characters are refused")
    func alphabet() {
        for text in ["+/+/", "Zm9+", "Zm9/", "Zm9v+w", "Zm#v", "Zm?v", "Zm.v", "Zm9v\0", "Zm9é", "Zm9v%3D"] {
            #expect(Base64URL.decode(text) == nil, "\(text)")
        }
        // Every byte outside the alphabet, alone in an otherwise valid quad.
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var refused = 0
        for byte in UInt8.min...UInt8.max where !alphabet.contains(byte) {
            #expect(
                Base64URL.decode([UInt8(ascii: "Z"), UInt8(ascii: "m"), UInt8(ascii: "9"), byte], 0..<4) == nil,
                "byte \(byte)")
            #expect(Base64URL.decode([byte, UInt8(ascii: "A")], 0..<2) == nil, "byte \(byte) in a tail")
            refused += 1
        }
        #expect(refused == 256 - 64)
    }

    @Test("Whitespace is refused")
    func whitespace() {
        for text in [" Zm9v", "Zm9v ", "Zm 9v", "Zm9v\n", "Zm\n9v", "Zm\t9v", "Zm\r\n9v"] {
            #expect(Base64URL.decode(text) == nil, "\(text.debugDescription)")
        }
    }

    @Test("A length of 1 mod 4 is refused")
    func lengthOneModFour() {
        for text in ["Z", "Zm9vY", "Zm9vYmFyZ", "AAAAA"] {
            #expect(text.utf8.count % 4 == 1)
            #expect(Base64URL.decode(text) == nil, "\(text)")
        }
    }

    @Test("Non-canonical last characters (unused bits set) are refused")
    func nonCanonical() {
        // "Zg" is canonical for "f"; "Zh"..."Zv" carry set unused bits and would decode to "f" leniently.
        #expect(Base64URL.decode("Zg") == [0x66])
        for last in "hijklmnopqrstuv" {
            #expect(Base64URL.decode("Z\(last)") == nil, "Z\(last)")
        }
        // Three-character tail: two unused bits.
        #expect(Base64URL.decode("Zm8") == [0x66, 0x6F])
        for last in ["9", "-", "_"] {
            #expect(Base64URL.decode("Zm\(last)") == nil, "Zm\(last)")
        }
        // Every canonical tail decodes, every non-canonical one is refused.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var canonical = 0
        for (value, character) in alphabet.enumerated() {
            let two = Base64URL.decode("A\(character)")
            #expect((two != nil) == (value & 0x0F == 0), "A\(character)")
            let three = Base64URL.decode("AA\(character)")
            #expect((three != nil) == (value & 0x03 == 0), "AA\(character)")
            if two != nil { canonical += 1 }
        }
        #expect(canonical == 4)
    }

    @Test("Decoding a range of a larger buffer")
    func ranges() {
        let bytes = Array("..Zm9vYmFy..".utf8)
        #expect(Base64URL.decode(bytes, 2..<10) == Array("foobar".utf8))
        #expect(Base64URL.decode(bytes, 2..<2) == [])
        #expect(Base64URL.decode(bytes, 0..<12) == nil)
    }

    @Test("Round trip with encode for every length up to 64 and every byte value")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let encoded = Base64URL.encode(bytes)
            #expect(encoded.utf8.count % 4 != 1)
            #expect(!encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"))
            #expect(Base64URL.decode(encoded) == bytes, "length \(length)")
            // Foundation agrees on the bytes.
            let standard = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            let padded = standard + String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
            #expect(Data(base64Encoded: padded).map(Array.init) == bytes)
        }
        let all = Array(UInt8.min...UInt8.max)
        #expect(Base64URL.decode(Base64URL.encode(all)) == all)
    }
}
