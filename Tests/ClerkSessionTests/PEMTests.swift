import ClerkTesting
import Foundation
import Testing

@testable import ClerkSession

/// Pinned keys: PEM (SPKI and PKCS#1) and the `CLERK_JWT_KEY` forms people paste, the key policy on them,
/// and networkless verification with a pinned key.
@Suite("PEM and pinned keys")
struct PEMTests {
    static let now: Double = 1_800_000_000
    static let issuer = TestIssuer(clock: .fixed(now))
    static var signingKey: TestSigningKey { issuer.currentKey.signingKey }
    static var spki: String { signingKey.publicKeyPEM() }
    static var pkcs1: String { signingKey.publicKeyPEM(pkcs1: true) }

    static func expectInvalid(
        _ text: String, pem: Bool, _ note: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = #expect(throws: ClerkVerificationError.self, "\(note)", sourceLocation: sourceLocation) {
            if pem { _ = try RSAVerificationKey(pem: text) } else { _ = try RSAVerificationKey(clerkJWTKey: text) }
        }
        #expect(error?.code == .keyInvalid, "\(note)", sourceLocation: sourceLocation)
    }

    /// The base64 body of a PEM on one line, without armor (as the Clerk dashboard shows it).
    static func body(_ pem: String) -> String {
        pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    }

    static func armored(_ der: [UInt8], label: String = "PUBLIC KEY") -> String {
        let base64 = TestSupport.standardBase64(der)
        var lines: [String] = []
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }

    @Test("SPKI and PKCS#1 PEMs give the same key")
    func spkiAndPKCS1() throws {
        #expect(Self.spki.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        #expect(Self.pkcs1.hasPrefix("-----BEGIN RSA PUBLIC KEY-----"))
        let fromSPKI = try RSAVerificationKey(pem: Self.spki)
        let fromPKCS1 = try RSAVerificationKey(pem: Self.pkcs1)
        let fromJWK = try Self.signingKey.verificationKey()
        #expect(fromSPKI == fromJWK)
        #expect(fromPKCS1 == fromJWK)
        #expect(fromSPKI.modulus == Self.signingKey.modulus)
        #expect(fromSPKI.modulusBitCount == 2048)
        let message = Array("header.payload".utf8)
        let signature = Self.signingKey.sign(message)
        #expect(fromSPKI.isValidSignature(signature, for: message))
        #expect(fromPKCS1.isValidSignature(signature, for: message))
        #expect(try RSAVerificationKey(clerkJWTKey: Self.pkcs1) == fromJWK)
    }

    @Test("CLERK_JWT_KEY forms: one-line base64, escaped newlines, surrounding whitespace, CRLF")
    func clerkJWTKeyForms() throws {
        let expected = try Self.signingKey.verificationKey()
        let forms: [(String, String)] = [
            (Self.body(Self.spki), "single-line body without armor"),
            (Self.spki.replacingOccurrences(of: "\n", with: "\\n"), "literal \\n escapes"),
            (Self.spki.replacingOccurrences(of: "\n", with: "\\r\\n"), "literal \\r\\n escapes"),
            ("  \n\t" + Self.spki + "\n\n  ", "surrounding whitespace"),
            (Self.spki.replacingOccurrences(of: "\n", with: "\r\n"), "CRLF line breaks"),
            ("  " + Self.body(Self.spki) + "\n", "body with whitespace"),
            (Self.pkcs1.replacingOccurrences(of: "\n", with: "\\n"), "PKCS#1 with escapes"),
        ]
        for (text, note) in forms {
            let key = try RSAVerificationKey(clerkJWTKey: text)
            #expect(key == expected, "\(note)")
        }
        // The strict PEM initializer wants armor.
        Self.expectInvalid(Self.body(Self.spki), pem: true, "body without armor")
        #expect(try RSAVerificationKey(pem: Self.spki.replacingOccurrences(of: "\n", with: "\\n")) == expected)
    }

    @Test("Garbage and non-public-key PEMs are refused")
    func refusedTexts() throws {
        let der = TestSupport.derOfPEM(Self.spki)
        #expect(der.count == 294)
        let body = Self.body(Self.spki)
        let cases: [(String, String)] = [
            ("", "empty"), ("   \n", "whitespace"), ("not a key", "garbage"),
            ("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n", "empty body"),
            (Self.spki.replacingOccurrences(of: "PUBLIC KEY", with: "PRIVATE KEY"), "PRIVATE KEY label"),
            (Self.spki.replacingOccurrences(of: "PUBLIC KEY", with: "RSA PRIVATE KEY"), "RSA PRIVATE KEY label"),
            (Self.spki.replacingOccurrences(of: "PUBLIC KEY", with: "CERTIFICATE"), "CERTIFICATE label"),
            (
                Self.spki.replacingOccurrences(of: "-----END PUBLIC KEY-----", with: "-----END RSA PUBLIC KEY-----"),
                "mismatched footer"
            ),
            (Self.spki.replacingOccurrences(of: "-----END PUBLIC KEY-----\n", with: ""), "no footer"),
            (Self.spki + "trailing text", "text after the footer"),
            (Self.armored(Array(der.prefix(der.count / 2))), "truncated DER"),
            (Self.spki.replacingOccurrences(of: body.prefix(40), with: body.prefix(39)), "truncated base64"),
            (Self.armored(der + [0x00, 0x01, 0x02]), "trailing garbage after the DER"),
            (Self.armored(der + [0x30, 0x00]), "a second DER value after the key"),
            (Self.armored(der, label: "RSA PUBLIC KEY"), "SPKI under the PKCS#1 label"),
            (Self.armored(TestSupport.derOfPEM(Self.pkcs1)), "PKCS#1 under the SPKI label"),
            (Self.spki.replacingOccurrences(of: "M", with: "*"), "invalid base64 character"),
            (Self.spki.replacingOccurrences(of: "\n-----END", with: "=\n-----END"), "misplaced padding"),
        ]
        for (text, note) in cases {
            Self.expectInvalid(text, pem: true, note)
            Self.expectInvalid(text, pem: false, note)
        }
        Self.expectInvalid(Self.body(Self.spki).replacingOccurrences(of: "A", with: "-"), pem: false, "base64url body")
        Self.expectInvalid(String(Self.body(Self.spki).dropLast(8)), pem: false, "truncated one-line body")
    }

    @Test("An EC public key PEM is refused")
    func ecKey() {
        // P-256 point from Wycheproof's JWS vectors, wrapped as a SubjectPublicKeyInfo by hand.
        let x = Base64URL.decode("04N0xi21hshyvBp7I167sbE_bXqyqkAPfefdklMO7wY")!
        let y = Base64URL.decode("UI8exy-C06a7DUnjIdENkxeFtHM4-l_41LqEw9nVgmw")!
        let spki = TestSupport.hex("3059301306072a8648ce3d020106082a8648ce3d030107034200") + [0x04] + x + y
        #expect(spki.count == 91)
        let pem = Self.armored(spki)
        Self.expectInvalid(pem, pem: true, "EC SPKI")
        Self.expectInvalid(Self.body(pem), pem: false, "EC SPKI body")
    }

    @Test("Keys outside the key policy are refused: 1024-bit and e = 3")
    func keyPolicy() {
        let weak = TestSigningKey(bits: 1024)
        let smallExponent = TestSigningKey(exponent: 3)
        for (key, note) in [(weak, "1024-bit"), (smallExponent, "e = 3")] {
            Self.expectInvalid(key.publicKeyPEM(), pem: true, "\(note) SPKI")
            Self.expectInvalid(key.publicKeyPEM(pkcs1: true), pem: true, "\(note) PKCS#1")
            Self.expectInvalid(Self.body(key.publicKeyPEM()), pem: false, "\(note) body")
            let error = #expect(throws: ClerkVerificationError.self) {
                try StaticKeySource(clerkJWTKey: key.publicKeyPEM())
            }
            #expect(error?.code == .localKeyInvalid)
        }
    }

    @Test("A 4096-bit PEM is accepted")
    func largeKey() throws {
        let big = TestSigningKey(bits: 4096)
        let key = try RSAVerificationKey(pem: big.publicKeyPEM())
        #expect(key.modulusBitCount == 4096)
        #expect(key.modulusByteCount == 512)
    }

    @Test("A pinned key verifies tokens with or without a kid")
    func pinnedVerification() throws {
        let key = try RSAVerificationKey(clerkJWTKey: Self.body(Self.spki))
        let verifier = SessionTokenVerifier(
            configuration: .init(
                issuers: [Self.issuer.issuer], authorizedParties: ["https://app.example.test"], clock: .fixed(Self.now)),
            keySet: SessionKeySet(pinned: key))
        let claims = Self.issuer.sessionClaims()
        var header = Self.issuer.sessionHeader()
        header.removeAll { $0.name == "kid" }
        let withoutKid = Self.issuer.token(header: header, claims: claims)
        #expect(!withoutKid.isEmpty)
        #expect(try verifier.verify(withoutKid).userID == "user_2test")
        #expect(try verifier.verify(Self.issuer.sessionToken(userID: "user_kid")).userID == "user_kid")
        let otherKid = Self.issuer.token(header: Self.issuer.sessionHeader(keyID: "ins_other"), claims: claims)
        #expect(try verifier.verify(otherKid).userID == "user_2test")
        // Another key's token still fails on the signature.
        let attacker = TestSigningKey()
        let forged = Self.issuer.token(header: header, claims: claims, signingKey: attacker)
        let error = #expect(throws: ClerkVerificationError.self) { try verifier.verify(forged) }
        #expect(error?.code == .tokenInvalidSignature)
    }

    @Test("StaticKeySource from CLERK_JWT_KEY verifies through a key store")
    func staticKeySource() async throws {
        let source = try StaticKeySource(
            clerkJWTKey: Self.spki.replacingOccurrences(of: "\n", with: "\\n"), issuer: Self.issuer.issuer)
        #expect(!source.isRefreshable)
        let set = try await source.fetchKeySet()
        #expect(set.isPinned)
        let error = #expect(throws: ClerkVerificationError.self) { try StaticKeySource(clerkJWTKey: "garbage") }
        #expect(error?.code == .localKeyInvalid)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [Self.issuer.issuer], clock: .fixed(Self.now)), keySet: set)
        #expect(try verifier.verify(Self.issuer.sessionToken()).sessionID == "sess_2test")
    }
}
