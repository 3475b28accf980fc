import ClerkTesting
import Foundation
import Testing

@testable import ClerkSession

/// Issue 12 (1): untrusted text is compared as bytes. Swift's `String ==` is Unicode-canonical
/// (`"K" == "\u{212A}"`, KELVIN SIGN), so every comparison of token text must not use it.
@Suite("Byte identity of untrusted text")
struct ByteIdentityTests {
    static let now: Double = 1_800_000_000
    static let issuer = TestIssuer(clock: .fixed(now))
    static let kelvin = "\u{212A}"

    static func verifier(audiences: Set<String> = []) -> SessionTokenVerifier {
        SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], audiences: audiences, clock: .fixed(now)),
            keySet: issuer.keySet)
    }

    /// A valid token with a `K` in it, and the same token with that `K` swapped for KELVIN SIGN.
    static func tokenAndKelvinTwin() -> (String, String) {
        var attempt = 0
        while true {
            let token = issuer.sessionToken(extra: [("n", .integer(Int64(attempt)))])
            if let k = token.firstIndex(of: "K") {
                var twin = token
                twin.replaceSubrange(k...k, with: kelvin)
                return (token, twin)
            }
            attempt += 1
        }
    }

    @Test("the twin is canonically equal as a String and different as bytes")
    func premise() {
        let (token, twin) = Self.tokenAndKelvinTwin()
        #expect(token == twin)  // the trap this suite is about
        #expect(!token.utf8.elementsEqual(twin.utf8))
    }

    @Test("cache keys compare bytes: a canonically equivalent twin is another key")
    func cacheKeyIdentity() {
        let (token, twin) = Self.tokenAndKelvinTwin()
        #expect(TokenKey(token) == TokenKey(token))
        #expect(TokenKey(token) != TokenKey(twin))
        let cache = VerifiedTokenCache(capacity: 8)
        let session = try? Self.verifier().verify(token)
        #expect(session != nil)
        if let session {
            cache.insert(token, .init(session: session, generation: 1), now: Self.now)
            #expect(cache.lookup(token) != nil)
            #expect(cache.lookup(twin) == nil)
        }
    }

    @Test("a Kelvin twin of a cached token is refused as malformed, before the cache")
    func twinOfCachedToken() throws {
        let verifier = Self.verifier()
        let (token, twin) = Self.tokenAndKelvinTwin()
        // Verified, then hit often enough that this thread's replica slots hold it too.
        for _ in 0..<4 { _ = try verifier.verify(token) }
        let error = #expect(throws: ClerkVerificationError.self) { try verifier.verify(twin) }
        #expect(error?.code == .tokenMalformed)
        #expect(error?.message.contains("outside base64url") == true)
        #expect(try verifier.verify(token).userID == "user_2test")
    }

    @Test(
        "any byte outside base64url and '.' is refused before anything else",
        arguments: [
            " ", "=", "+", "/", "\u{00E9}", "\u{0000}", "\n", "\u{212A}", "%", "\u{FEFF}",
        ])
    func alphabet(_ intruder: String) throws {
        let verifier = Self.verifier()
        let token = Self.issuer.sessionToken()
        _ = try verifier.verify(token)
        for position in [0, token.utf8.count / 2, token.utf8.count] {
            var bytes = Array(token.utf8)
            bytes.insert(contentsOf: Array(intruder.utf8), at: position)
            let hostile = String(decoding: bytes, as: UTF8.self)
            let error = #expect(
                throws: ClerkVerificationError.self, "accepted a token with \(Array(intruder.utf8)) at \(position)"
            ) {
                try verifier.verify(hostile)
            }
            #expect(error?.code == .tokenMalformed)
        }
    }

    @Test("aud matches by bytes: a KELVIN SIGN audience does not match \"K\"")
    func audienceBytes() throws {
        let verifier = Self.verifier(audiences: ["Kiosk"])
        let plain = Self.issuer.sessionToken(extra: [("aud", "Kiosk")])
        let twin = Self.issuer.sessionToken(extra: [("aud", .string("\(Self.kelvin)iosk"))])
        let inArray = Self.issuer.sessionToken(extra: [("aud", [.string("\(Self.kelvin)iosk"), "other"])])
        let goodInArray = Self.issuer.sessionToken(extra: [("aud", ["other", "Kiosk"])])
        #expect((try? verifier.verify(plain)) != nil)
        #expect((try? verifier.verify(goodInArray)) != nil)
        for token in [twin, inArray] {
            let error = #expect(throws: ClerkVerificationError.self, "a canonically equivalent audience matched") {
                try verifier.verify(token)
            }
            #expect(error?.code == .tokenInvalidAudience)
        }
    }

    @Test("permissions, roles, plans and features compare bytes")
    func claimHelpers() throws {
        let organization: ClaimValue = .object([("id", "org_1"), ("rol", "Keeper"), ("per", "read"), ("fpm", "1")])
        let token = Self.issuer.sessionToken(organization: organization, extra: [("fea", "o:Kb"), ("pla", "u:Kpro")])
        let session = try Self.verifier().verify(token)
        #expect(session.has(permission: "org:Kb:read"))
        #expect(!session.has(permission: "org:\(Self.kelvin)b:read"))
        #expect(session.has(role: "Keeper") || session.has(role: "org:Keeper"))
        #expect(!session.has(role: "\(Self.kelvin)eeper"))
        #expect(!session.has(role: "org:\(Self.kelvin)eeper"))
        #expect(session.hasPlan("Kpro") && session.hasPlan("u:Kpro"))
        #expect(!session.hasPlan("\(Self.kelvin)pro") && !session.hasPlan("u:\(Self.kelvin)pro"))
        #expect(session.hasFeature("o:Kb"))
        #expect(!session.hasFeature("o:\(Self.kelvin)b"))
    }

    @Test("JWKS kids that differ only by canonical equivalence are two keys, not one duplicate")
    func keyIDBytes() throws {
        let one = TestSigningKey()
        let two = TestSigningKey()
        let jwks = ClaimValue.object([
            (
                "keys",
                [
                    one.jwk(keyID: "K1"),
                    two.jwk(keyID: "\(Self.kelvin)1"),
                ]
            )
        ]).jsonText
        let set = try SessionKeySet(jwksText: jwks)
        #expect(set.keys.count == 2)
        #expect(set.key(forKeyID: "K1") != nil)
        #expect(set.key(forKeyID: "\(Self.kelvin)1") != nil)
        #expect(set.key(forKeyID: "K1") != set.key(forKeyID: "\(Self.kelvin)1"))
    }
}
