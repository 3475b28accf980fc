import Foundation
import Testing

@testable import ClerkSession

/// The package's one standard-base64 codec (RFC 4648 §4): PEM bodies and publishable keys.
@Suite("Standard base64")
struct StandardBase64Tests {
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test("RFC 4648 test vectors, padded")
    func knownAnswers() {
        for (plain, encoded) in Self.vectors {
            #expect(StandardBase64.encode(Array(plain.utf8)) == encoded)
            #expect(StandardBase64.decode(Substring(encoded)) == Array(plain.utf8))
        }
        #expect(StandardBase64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
        #expect(StandardBase64.decode("+/+/") == [0xFB, 0xFF, 0xBF])
    }

    @Test("Round trip against Foundation for every length up to 64")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let encoded = StandardBase64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString(), "length \(length)")
            #expect(StandardBase64.decode(Substring(encoded)) == bytes, "length \(length)")
        }
    }

    @Test("Padding must complete the last quantum; nothing may follow it")
    func padding() {
        for text in ["Zg", "Zg=", "Zm8", "Zg===", "Zm9v=", "=", "Z=g=", "Zg==Zg==", "Z", "Zm9vY"] {
            #expect(StandardBase64.decode(Substring(text)) == nil, "\(text)")
        }
    }

    @Test("ASCII whitespace between characters is ignored (PEM line breaks)")
    func whitespace() {
        #expect(StandardBase64.decode("Zm9v\nYmFy") == Array("foobar".utf8))
        #expect(StandardBase64.decode(" Zm9v\r\n\tYg== ") == Array("foob".utf8))
    }

    @Test("The base64url alphabet and other characters are refused")
    func alphabet() {
        for text in ["-_-_", "Zm9-", "Zm9_", "Zm#v", "Zm.v", "Zm9v\0", "Zm9é", "Zm9v%3D"] {
            #expect(StandardBase64.decode(Substring(text)) == nil, "\(text)")
        }
    }
}
