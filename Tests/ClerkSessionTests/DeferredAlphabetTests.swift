import ClerkSession
import ClerkTesting
import Testing

/// With the verified-token cache off, the alphabet has no pass of its own (the strict base64url decodes of
/// the three segments cover it, and the explicit check runs when anything fails): differentially, every
/// token must fail with the same error, code and message, as with the cache on, where the alphabet is
/// checked first.
@Suite("Deferred alphabet check, differential")
struct DeferredAlphabetTests {
    static let issuer = TestIssuer(clock: .fixed(1_800_000_000))

    static func verifier(cache: Bool, now: Double = 1_800_000_000) -> SessionTokenVerifier {
        var configuration = SessionTokenVerifier.Configuration(
            issuers: [issuer.issuer], authorizedParties: ["https://app.example.test"], clock: .fixed(now))
        configuration.verifiedTokenCacheCapacity = cache ? 64 : 0
        return SessionTokenVerifier(configuration: configuration, keySet: issuer.keySet)
    }

    static func outcome(_ verifier: SessionTokenVerifier, _ token: String) -> String {
        do {
            let session = try verifier.verify(token)
            return "verified \(session.userID)"
        } catch { return "\(error.code.rawValue): \(error.message)" }
    }

    @Test("Every byte at every position fails alike with the cache on and off")
    func mutationsAgree() {
        let token = Self.issuer.sessionToken(userID: "user_abc", sessionID: "sess_xyz")
        let bytes = Array(token.utf8)
        let cached = Self.verifier(cache: true)
        let uncached = Self.verifier(cache: false)
        #expect(Self.outcome(uncached, token) == "verified user_abc")
        // The original is cached (and in this thread's replica slots): every mutation is looked up, and misses.
        for _ in 0..<3 { #expect(Self.outcome(cached, token) == "verified user_abc") }
        let alphabet = #"token-invalid: the token has a byte outside base64url and ".""#
        // Bytes outside the alphabet, a dot, and in-alphabet changes (a valid byte that breaks the signature,
        // the canonical padding bits, or the JSON).
        let replacements: [UInt8] = [0x00, 0x20, 0x3D, 0x2B, 0x2F, 0x80, 0xFF, 0x2E, 0x41, 0x5F]
        var checked = 0
        for position in stride(from: 0, to: bytes.count, by: 3) {
            for value in replacements where bytes[position] != value {
                var mutated = bytes
                mutated[position] = value
                let text = String(decoding: mutated, as: UTF8.self)
                let off = Self.outcome(uncached, text)
                #expect(off == Self.outcome(cached, text), "byte \(value) at \(position)")
                if !mutated.allSatisfy({ RawBytesProbe.isCompactJWSByte($0) }) {
                    #expect(off == alphabet, "byte \(value) at \(position): \(off)")
                }
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    @Test("A byte outside the alphabet wins over a broken clock, a bad header and a short token, cache off")
    func alphabetFirst() {
        let token = Self.issuer.sessionToken()
        for text in [token + " ", " " + token, String(token.map { $0 == "." ? "+" : $0 }), "a.b.c=", "é.b.c", "\u{0}"] {
            let expected = Self.outcome(Self.verifier(cache: true, now: .nan), text)
            #expect(Self.outcome(Self.verifier(cache: false, now: .nan), text) == expected, "\(text.prefix(12))")
            #expect(expected.contains("outside base64url"), "\(expected)")
        }
    }
}

/// The plain alphabet rule, restated for the test: `A-Z a-z 0-9 - _ .`.
enum RawBytesProbe {
    static func isCompactJWSByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default: false
        }
    }
}
