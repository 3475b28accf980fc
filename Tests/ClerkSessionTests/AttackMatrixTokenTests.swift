import ClerkTesting
import Foundation
import Testing

@_spi(Diagnostics) @testable import ClerkSession

/// The attack matrix (shared/reference/attack-matrix.md), sections 1 to 9: one named test per row, every
/// crafted variant the row lists. Tokens are minted by a test issuer on a fixed clock; the verifier runs
/// on the same clock with the instance's issuer and one authorized party.
@Suite("Attack matrix: tokens and key sets")
struct AttackMatrixTokenTests {
    // MARK: Fixtures

    static let now: Double = 1_800_000_000
    static let issuer = TestIssuer(clock: .fixed(now))
    static let mainKid = "ins_test_main"
    static let party = "https://app.example.test"
    static let attacker = TestSigningKey()
    static let nextKey = TestSigningKey()
    static let weak1024 = TestSigningKey(bits: 1024)
    static let smallExponent = TestSigningKey(exponent: 3)
    static let big4096 = TestSigningKey(bits: 4096)
    static var mainKey: TestSigningKey { issuer.currentKey.signingKey }

    /// A variant of a crafted input: a label for the test report and a raw JSON value (or text).
    struct Variant: Sendable, CustomTestStringConvertible {
        let label: String
        let value: String
        init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
        var testDescription: String { label }
    }

    typealias Members = [(name: String, raw: String)]

    static func object(_ members: Members) -> String {
        "{" + members.map { "\"\($0.name)\":\($0.raw)" }.joined(separator: ",") + "}"
    }

    /// Edits a member list: replace (`set`), drop (`remove`), then add `append` (duplicates allowed).
    static func edit(_ base: Members, set: [String: String], remove: Set<String>, append: Members) -> String {
        var members: Members = []
        for member in base where !remove.contains(member.name) {
            members.append((member.name, set[member.name] ?? member.raw))
        }
        for name in set.keys.sorted() where !base.contains(where: { $0.name == name }) {
            members.append((name, set[name]!))
        }
        return object(members + append)
    }

    static var baseHeader: Members {
        [("alg", "\"RS256\""), ("cat", "\"cl_B7d4PD111AAA\""), ("kid", "\"\(mainKid)\""), ("typ", "\"JWT\"")]
    }

    static var baseClaims: Members {
        [
            ("azp", "\"\(party)\""), ("exp", "\(Int(now) + 60)"), ("iat", "\(Int(now))"),
            ("iss", "\"\(issuer.issuer)\""),
            ("nbf", "\(Int(now) - 10)"), ("sid", "\"sess_2test\""), ("sub", "\"user_2test\""),
        ]
    }

    static func header(set: [String: String] = [:], remove: Set<String> = [], append: Members = []) -> String {
        edit(baseHeader, set: set, remove: remove, append: append)
    }

    static func claims(set: [String: String] = [:], remove: Set<String> = [], append: Members = []) -> String {
        edit(baseClaims, set: set, remove: remove, append: append)
    }

    static func b64(_ text: String) -> String { Base64URL.encode(Array(text.utf8)) }

    /// A token over exactly these JSON texts, RS256-signed by `key` (the trusted key by default).
    static func sign(_ header: String = header(), _ claims: String = claims(), key: TestSigningKey? = nil) -> String {
        issuer.token(headerJSON: header, claimsJSON: claims, signingKey: key)
    }

    /// A token over raw header and payload bytes (for invalid UTF-8, BOMs, …), validly signed.
    static func signRaw(header: [UInt8], payload: [UInt8], key: TestSigningKey? = nil) -> String {
        issuer.sign(signingInput: Base64URL.encode(header) + "." + Base64URL.encode(payload), signingKey: key)
    }

    /// The three segments of a well-formed token.
    static func segments(_ token: String) -> (header: String, payload: String, signature: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        precondition(parts.count == 3)
        return (parts[0], parts[1], parts[2])
    }

    static func signatureBytes(_ token: String) -> [UInt8] { Base64URL.decode(segments(token).signature)! }

    static func withSignature(_ token: String, _ signature: [UInt8]) -> String {
        let s = segments(token)
        return s.header + "." + s.payload + "." + Base64URL.encode(signature)
    }

    static func verifier(_ keySet: SessionKeySet? = nil, parties: Set<String> = [party]) -> SessionTokenVerifier {
        SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], authorizedParties: parties, clock: .fixed(now)),
            keySet: keySet ?? issuer.keySet)
    }

    /// The token must not verify; when `code` is given, it must fail with exactly that code.
    static func expectRejected(
        _ token: String, _ code: ClerkVerificationError.Code?, _ note: String = "",
        verifier: SessionTokenVerifier = AttackMatrixTokenTests.verifier(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = #expect(
            throws: ClerkVerificationError.self, "verified but must be rejected (\(note))",
            sourceLocation: sourceLocation
        ) {
            try verifier.verify(token)
        }
        if let code, let error { #expect(error.code == code, "\(note): \(error)", sourceLocation: sourceLocation) }
    }

    @discardableResult
    static func expectValid(
        _ token: String, _ note: String = "", verifier: SessionTokenVerifier = AttackMatrixTokenTests.verifier(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> VerifiedSession? {
        do {
            return try verifier.verify(token)
        } catch {
            Issue.record("must verify (\(note)) but failed: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// A JWKS document from raw JWK object texts.
    static func jwks(_ keys: [String]) -> String { "{\"keys\":[\(keys.joined(separator: ","))]}" }

    static func rsaJWK(kid: String?, n: String, e: String = "AQAB", extra: Members = []) -> String {
        var members: Members = [("kty", "\"RSA\"")]
        if let kid { members.append(("kid", "\"\(kid)\"")) }
        members += [("use", "\"sig\""), ("n", "\"\(n)\""), ("e", "\"\(e)\"")] + extra
        return object(members)
    }

    static func jwk(_ key: TestSigningKey, kid: String) -> String { key.jwk(keyID: kid).jsonText }

    static var mainJWK: String { jwk(mainKey, kid: mainKid) }
    static var mainN: String { Base64URL.encode(mainKey.modulus) }

    static func keySet(_ keys: [String]) throws -> SessionKeySet {
        try SessionKeySet(jwksText: jwks(keys), issuer: issuer.issuer)
    }

    // MARK: 1. Algorithm handling

    @Test("A1 alg none is rejected", arguments: ["none", "None", "NONE", "nOnE"])
    func a1AlgNone(_ alg: String) {
        let input = Self.b64(Self.header(set: ["alg": "\"\(alg)\""])) + "." + Self.b64(Self.claims())
        let leftover = Self.segments(Self.sign()).signature
        Self.expectRejected(input + "." + leftover, .tokenInvalidAlgorithm, "leftover RS256 signature")
        Self.expectRejected(Self.issuer.sign(signingInput: input), .tokenInvalidAlgorithm, "signed by the trusted key")
        let minimal = Self.b64("{\"alg\":\"\(alg)\"}") + "." + Self.b64(Self.claims())
        Self.expectRejected(minimal + "." + leftover, .tokenInvalidAlgorithm, "minimal header")
        // `h.p.`: the empty signature segment is refused by the compact-form rule, which runs before the
        // header is read (pipeline step 2 before step 4); the matrix allows either error kind.
        Self.expectRejected(input + ".", .tokenMalformed, "empty signature")
        Self.expectRejected(minimal + ".", .tokenMalformed, "empty signature, minimal header")
        Self.expectRejected(input, .tokenMalformed, "two segments")
    }

    static let a2Variants: [Variant] = [
        Variant("missing", ""), Variant("null", "null"), Variant("number", "256"), Variant("array", "[\"RS256\"]"),
        Variant("object", "{\"alg\":\"RS256\"}"), Variant("empty", "\"\""), Variant("lower case", "\"rs256\""),
        Variant("mixed case", "\"Rs256\""), Variant("trailing space", "\"RS256 \""),
        Variant("trailing NUL", "\"RS256\\u0000\""),
        Variant("RS2560", "\"RS2560\""), Variant("leading space", "\" RS256\""), Variant("true", "true"),
    ]

    @Test("A2 alg missing or not exactly RS256 is rejected", arguments: a2Variants)
    func a2AlgNotExactlyRS256(_ variant: Variant) {
        let header =
            variant.label == "missing" ? Self.header(remove: ["alg"]) : Self.header(set: ["alg": variant.value])
        Self.expectRejected(Self.sign(header), .tokenInvalidAlgorithm, variant.label)
    }

    @Test("A2 control: an escaped but equal alg is RS256")
    func a2EscapedAlgIsRS256() {
        Self.expectValid(Self.sign(Self.header(set: ["alg": "\"\\u0052S256\""])))
    }

    static var a3Secrets: [(label: String, bytes: [UInt8])] {
        let spki = mainKey.publicKeyPEM()
        let pkcs1 = mainKey.publicKeyPEM(pkcs1: true)
        return [
            ("SPKI PEM", Array(spki.utf8)),
            ("SPKI PEM without final newline", Array(spki.trimmingCharacters(in: .newlines).utf8)),
            ("PKCS#1 PEM", Array(pkcs1.utf8)),
            ("SPKI DER", TestSupport.derOfPEM(spki)),
            ("JWK JSON", Array(mainJWK.utf8)),
            ("raw n", mainKey.modulus),
            ("n base64url", Array(mainN.utf8)),
        ]
    }

    @Test("A3 HS256/HS384/HS512 key confusion with the RSA public key as HMAC secret is rejected")
    func a3KeyConfusion() {
        var tried = 0
        for secret in Self.a3Secrets {
            #expect(!secret.bytes.isEmpty, "\(secret.label)")
            let input = Self.b64(Self.header(set: ["alg": "\"HS256\""])) + "." + Self.b64(Self.claims())
            let mac = SHA256.hmac(key: secret.bytes, message: Array(input.utf8))
            Self.expectRejected(
                input + "." + Base64URL.encode(mac), .tokenInvalidAlgorithm, "HS256 keyed with \(secret.label)")
            tried += 1
        }
        // No HMAC-SHA-384/512 here: the algorithm check fires before any signature is looked at, so a
        // MAC-sized value stands in for the tag.
        for (alg, length) in [("HS384", 48), ("HS512", 64)] {
            let input = Self.b64(Self.header(set: ["alg": "\"\(alg)\""])) + "." + Self.b64(Self.claims())
            let tag = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37) }
            Self.expectRejected(input + "." + Base64URL.encode(tag), .tokenInvalidAlgorithm, alg)
            tried += 1
        }
        #expect(tried == 9)
    }

    static let a4Algorithms: [Variant] = [
        Variant("RS384", "SHA384"), Variant("RS512", "SHA512"), Variant("PS256", "SHA256"),
        Variant("PS384", "SHA384"), Variant("PS512", "SHA512"),
    ]

    @Test(
        "A4 correct RS384/RS512/PS256/PS384/PS512 signatures by the trusted key are rejected", arguments: a4Algorithms)
    func a4OtherRSAAlgorithms(_ variant: Variant) {
        let token = Self.issuer.token(
            headerJSON: Self.header(set: ["alg": "\"\(variant.label)\""]), claimsJSON: Self.claims(),
            digest: variant.value, pss: variant.label.hasPrefix("PS"))
        Self.expectRejected(token, .tokenInvalidAlgorithm, variant.label)
    }

    @Test("A5 ES256 (attacker key, EC key in the JWKS) and EdDSA are rejected")
    func a5EllipticCurveAlgorithms() throws {
        let ecDecoy =
            "{\"kty\":\"EC\",\"kid\":\"ins_ec_decoy\",\"crv\":\"P-256\",\"x\":\"04N0xi21hshyvBp7I167sbE_bXqyqkAPfefdklMO7wY\",\"y\":\"UI8exy-C06a7DUnjIdENkxeFtHM4-l_41LqEw9nVgmw\"}"
        let set = try Self.keySet([Self.mainJWK, ecDecoy])
        #expect(set.keyIDs == [Self.mainKid])
        // No EC signer exists in this package; the allowlist fires before any signature work, so a
        // signature-sized value stands in for the attacker's ECDSA/EdDSA signature.
        let fakeSignature = Base64URL.encode((0..<64).map { UInt8($0 * 3 + 1) })
        let cases: [(String, String)] = [
            (Self.header(set: ["alg": "\"ES256\"", "kid": "\"attacker_ec\""]), "ES256, attacker key"),
            (
                Self.header(set: ["alg": "\"ES256\"", "kid": "\"ins_ec_decoy\""]),
                "ES256, kid of the EC key in the JWKS"
            ),
            (Self.header(set: ["alg": "\"ES256\""]), "ES256, trusted kid"),
            (Self.header(set: ["alg": "\"EdDSA\"", "kid": "\"attacker_ed\""]), "EdDSA, attacker key"),
        ]
        for (header, note) in cases {
            let token = Self.b64(header) + "." + Self.b64(Self.claims()) + "." + fakeSignature
            Self.expectRejected(token, .tokenInvalidAlgorithm, note, verifier: Self.verifier(set))
        }
    }

    @Test("A6 psychic signature (ES256, r = s = 0) is rejected")
    func a6PsychicSignature() {
        let token =
            Self.b64(Self.header(set: ["alg": "\"ES256\""])) + "." + Self.b64(Self.claims()) + "."
            + Base64URL.encode([UInt8](repeating: 0, count: 64))
        Self.expectRejected(token, .tokenInvalidAlgorithm)
    }

    static let a7Signatures: [Variant] = [
        Variant("PSS over SHA-256", "PSS"), Variant("PKCS#1 v1.5 over SHA-384", "SHA384"),
        Variant("PKCS#1 v1.5 over SHA-1", "SHA1"), Variant("PKCS#1 v1.5 over SHA-512", "SHA512"),
    ]

    @Test("A7 header RS256 with a PSS or wrong-digest signature is rejected", arguments: a7Signatures)
    func a7WrongSignatureScheme(_ variant: Variant) {
        let pss = variant.value == "PSS"
        let token = Self.issuer.token(
            headerJSON: Self.header(), claimsJSON: Self.claims(),
            digest: pss ? "SHA256" : variant.value, pss: pss)
        Self.expectRejected(token, .tokenInvalidSignature, variant.label)
    }

    // MARK: 2. Key ID and key selection

    @Test("K1 missing kid is rejected with a JWKS and accepted with a pinned key")
    func k1MissingKeyID() throws {
        let token = Self.sign(Self.header(remove: ["kid"]))
        Self.expectRejected(token, .tokenMissingKeyID)
        let pinned = SessionKeySet(pinned: try Self.mainKey.verificationKey(), issuer: Self.issuer.issuer)
        Self.expectValid(token, "pinned key", verifier: Self.verifier(pinned))
    }

    @Test("K2 unknown kid is rejected, signed by the trusted or an attacker key")
    func k2UnknownKeyID() {
        Self.expectRejected(Self.sign(Self.header(set: ["kid": "\"ins_unknown\""])), .keyIDMismatch, "trusted key")
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"ins_attacker\""]), key: Self.attacker), .keyIDMismatch, "attacker key"
        )
    }

    /// A refreshable in-memory source: every fetch returns the same keys; the store counts fetches.
    struct RefreshableSource: SessionKeySource {
        let keySet: SessionKeySet
        func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet { keySet }
        var isRefreshable: Bool { true }
        var description: String { "refreshable test source" }
    }

    @Test("K2 a storm of unknown kids causes at most one refetch per cooldown")
    func k2UnknownKeyIDStorm() async throws {
        let clock = ManualClock(Self.now)
        let store = SessionKeyStore(source: RefreshableSource(keySet: Self.issuer.keySet), clock: clock.clock)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [Self.issuer.issuer], authorizedParties: [Self.party], clock: clock.clock),
            keyStore: store)
        await store.prewarm()
        #expect(store.fetchCount == 1)
        let claims = Self.claims(set: ["exp": "\(Int(Self.now) + 600)"])
        func storm(_ round: Int) async {
            for i in 0..<20 {
                let token = Self.sign(Self.header(set: ["kid": "\"ins_unknown_\(round)_\(i)\""]), claims)
                let error = await #expect(throws: ClerkVerificationError.self, "unknown kid verified") {
                    try await verifier.verifyAwaitingKeys(token)
                }
                #expect(error?.code == .keyIDMismatch)
            }
        }
        await storm(0)
        #expect(store.fetchCount == 1, "no refetch inside the cooldown after the first load")
        clock.set(Self.now + 31)
        await storm(1)
        #expect(store.fetchCount == 2, "exactly one refetch once the cooldown has passed")
        _ = try await verifier.verifyAwaitingKeys(Self.sign(Self.header(), claims))
        #expect(store.fetchCount == 2)
    }

    static let k3Variants: [Variant] = [
        Variant("null", "null"), Variant("number", "2048"), Variant("array of the real kid", "[\"\(mainKid)\"]"),
        Variant("NoSQL object", "{\"$ne\":null}"), Variant("bool", "true"), Variant("empty string", "\"\""),
    ]

    @Test("K3 kid that is not a non-empty string is rejected", arguments: k3Variants)
    func k3KeyIDNotAString(_ variant: Variant) {
        Self.expectRejected(Self.sign(Self.header(set: ["kid": variant.value])), .tokenInvalidKeyID, variant.label)
    }

    static let k4Variants: [Variant] = [
        Variant("upper case", "\"INS_TEST_MAIN\""), Variant("leading space", "\" \(mainKid)\""),
        Variant("trailing space", "\"\(mainKid) \""), Variant("trailing NUL", "\"\(mainKid)\\u0000\""),
        Variant("NUL truncation", "\"\(mainKid)\\u0000/../../x\""),
        Variant("Cyrillic homoglyph", "\"ins_test_m\u{0430}in\""),
        Variant("percent-encoded", "\"ins%5Ftest%5Fmain\""), Variant("trailing newline", "\"\(mainKid)\\n\""),
        Variant("prefix", "\"ins_test_mai\""),
    ]

    @Test("K4 near-miss kids are rejected (exact byte-wise lookup)", arguments: k4Variants)
    func k4NearMissKeyIDs(_ variant: Variant) {
        Self.expectRejected(Self.sign(Self.header(set: ["kid": variant.value])), .keyIDMismatch, variant.label)
    }

    @Test("K4 control: a JSON-escaped spelling of the real kid is the real kid")
    func k4EscapedKeyID() {
        Self.expectValid(Self.sign(Self.header(set: ["kid": "\"ins_test_m\\u0061in\""])))
    }

    static let k5Variants: [Variant] = [
        Variant("path traversal", "\"../../../../dev/null\""), Variant("absolute path", "\"/etc/passwd\""),
        Variant("encoded traversal", "\"..%2f..%2f..%2fetc%2fpasswd\""),
        Variant("URL", "\"https://attacker.example/key.pem\""),
        Variant("SQL", "\"' UNION SELECT key FROM keys WHERE '1'='1\""),
        Variant("CRLF log forging", "\"x\\r\\nlevel=info msg=\\\"admin logged in\\\"\""),
        Variant("shell", "\"$(touch /tmp/pwned); `id` | sh && rm -rf /\""),
    ]

    @Test("K5 injection kids are rejected as unknown", arguments: k5Variants)
    func k5InjectionKeyIDs(_ variant: Variant) {
        Self.expectRejected(Self.sign(Self.header(set: ["kid": variant.value])), .keyIDMismatch, variant.label)
    }

    @Test("K6 very long kids are rejected by length")
    func k6LongKeyIDs() {
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"\(String(repeating: "a", count: 4096))\""])), .tokenInvalidKeyID,
            "4096")
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"\(Self.mainKid + String(repeating: "x", count: 2000))\""])),
            .tokenInvalidKeyID, "2000-character suffix")
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"\(String(repeating: "k", count: 16 * 1024))\""])), .tokenTooLarge,
            "16 KiB")
        // Boundary: 256 characters pass the length rule (then are unknown), 257 do not; characters, not bytes.
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"\(String(repeating: "b", count: 256))\""])), .keyIDMismatch, "256")
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"\(String(repeating: "b", count: 257))\""])), .tokenInvalidKeyID, "257"
        )
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"\(String(repeating: "é", count: 256))\""])), .keyIDMismatch,
            "256 two-byte")
    }

    @Test("K6 a too-long kid never triggers a refetch")
    func k6LongKeyIDNoRefetch() async {
        let clock = ManualClock(Self.now)
        let store = SessionKeyStore(source: RefreshableSource(keySet: Self.issuer.keySet), clock: clock.clock)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [Self.issuer.issuer], authorizedParties: [Self.party], clock: clock.clock),
            keyStore: store)
        await store.prewarm()
        clock.set(Self.now + 40)
        let claims = Self.claims(set: ["exp": "\(Int(Self.now) + 600)"])
        for length in [257, 4096] {
            let token = Self.sign(Self.header(set: ["kid": "\"\(String(repeating: "z", count: length))\""]), claims)
            let error = await #expect(throws: ClerkVerificationError.self, "long kid verified") {
                try await verifier.verifyAwaitingKeys(token)
            }
            #expect(error?.code == .tokenInvalidKeyID)
        }
        #expect(store.fetchCount == 1)
        // Control: an unknown kid of legal length, past the cooldown, does refetch once.
        _ = try? await verifier.verifyAwaitingKeys(Self.sign(Self.header(set: ["kid": "\"ins_other\""]), claims))
        #expect(store.fetchCount == 2)
    }

    @Test("K7 a signature by another legitimate key under the main kid is rejected")
    func k7OtherLegitimateKey() throws {
        let set = try Self.keySet([Self.mainJWK, Self.jwk(Self.nextKey, kid: "ins_next_2048")])
        #expect(Set(set.keyIDs) == [Self.mainKid, "ins_next_2048"])
        let verifier = Self.verifier(set)
        Self.expectRejected(Self.sign(key: Self.nextKey), .tokenInvalidSignature, verifier: verifier)
        Self.expectValid(
            Self.sign(Self.header(set: ["kid": "\"ins_next_2048\""]), key: Self.nextKey), "control", verifier: verifier)
    }

    // MARK: 3. Header injection, crit, typ, category

    @Test("H1 jku pointing at an attacker JWKS is ignored; attacker tokens are rejected")
    func h1JKU() {
        let jku = "\"https://attacker.example/.well-known/jwks.json\""
        Self.expectRejected(
            Self.sign(Self.header(set: ["jku": jku, "kid": "\"attacker_kid\""]), key: Self.attacker),
            .keyIDMismatch, "attacker kid")
        Self.expectRejected(
            Self.sign(Self.header(set: ["jku": jku]), key: Self.attacker), .tokenInvalidSignature, "trusted kid")
    }

    @Test("H2 x5u and x5c with attacker material are ignored; attacker tokens are rejected")
    func h2X5UAndX5C() {
        let x5c = "[\"\(TestSupport.standardBase64(TestSupport.derOfPEM(Self.attacker.publicKeyPEM())))\"]"
        Self.expectRejected(
            Self.sign(Self.header(set: ["x5u": "\"https://attacker.example/cert.pem\""]), key: Self.attacker),
            .tokenInvalidSignature, "x5u")
        Self.expectRejected(
            Self.sign(Self.header(set: ["x5c": x5c]), key: Self.attacker), .tokenInvalidSignature, "x5c")
        Self.expectRejected(
            Self.sign(Self.header(set: ["x5c": x5c, "kid": "\"attacker_cert\""]), key: Self.attacker),
            .keyIDMismatch, "x5c with its own kid")
    }

    @Test("H3 an embedded attacker jwk is not a trust anchor")
    func h3EmbeddedJWK() {
        Self.expectRejected(
            Self.sign(Self.header(set: ["jwk": Self.jwk(Self.attacker, kid: Self.mainKid)]), key: Self.attacker),
            .tokenInvalidSignature, "trusted kid")
        Self.expectRejected(
            Self.sign(
                Self.header(set: ["jwk": Self.jwk(Self.attacker, kid: "attacker_own"), "kid": "\"attacker_own\""]),
                key: Self.attacker), .keyIDMismatch, "own kid")
    }

    @Test("H4 trusted tokens that merely carry jku, x5u, jwk, x5c or x5t verify")
    func h4KeyCarryingHeadersIgnored() {
        let carried: [String: String] = [
            "jku": "\"https://attacker.example/jwks.json\"", "x5u": "\"https://attacker.example/cert.pem\"",
            "jwk": Self.jwk(Self.attacker, kid: "attacker"), "x5c": "[\"MIIBszCCAVmgAwIBAgIUQ\"]",
            "x5t": "\"dGh1bWJwcmludA\"",
        ]
        for (name, value) in carried.sorted(by: { $0.key < $1.key }) {
            Self.expectValid(Self.sign(Self.header(set: [name: value])), name)
        }
        Self.expectValid(Self.sign(Self.header(set: carried)), "all at once")
    }

    static let h5Variants: [Variant] = [
        Variant("private extension", "[\"x-clerk-ext\"]"), Variant("empty list", "[]"),
        Variant("registered name", "[\"alg\"]"),
        Variant("b64 with b64 false", "[\"b64\"]"), Variant("string", "\"x-ext\""),
        Variant("names an absent parameter", "[\"exp\"]"),
        Variant("null", "null"),
    ]

    @Test("H5 crit in any form is rejected", arguments: h5Variants)
    func h5Crit(_ variant: Variant) {
        var set = ["crit": variant.value]
        if variant.label.hasPrefix("b64") { set["b64"] = "false" }
        if variant.label == "private extension" { set["x-clerk-ext"] = "1" }
        Self.expectRejected(Self.sign(Self.header(set: set)), .tokenUnsupportedCriticalHeader, variant.label)
    }

    static let h6Variants: [Variant] = [
        Variant("JWS", "\"JWS\""),
        Variant("JOSE", "\"JOSE\""), Variant("number", "1"), Variant("empty", "\"\""),
        Variant("trailing space", "\"JWT \""),
        Variant("null", "null"),
    ]

    @Test("H6 typ other than JWT is rejected", arguments: h6Variants)
    func h6Type(_ variant: Variant) {
        Self.expectRejected(Self.sign(Self.header(set: ["typ": variant.value])), .tokenInvalidType, variant.label)
    }

    /// An OAuth `typ` declares another class of token: the session verifier refuses it as a mismatch (as
    /// Clerk's `authenticateRequest` does for a session-only endpoint), before the signature.
    static let h6OAuthVariants: [Variant] = [
        Variant("at+jwt", "\"at+jwt\""), Variant("application/at+jwt", "\"application/at+jwt\""),
    ]

    @Test("H6 an OAuth typ is rejected as another kind of token", arguments: h6OAuthVariants)
    func h6OAuthType(_ variant: Variant) {
        Self.expectRejected(Self.sign(Self.header(set: ["typ": variant.value])), .tokenTypeMismatch, variant.label)
        Self.expectRejected(
            Self.sign(Self.header(set: ["typ": variant.value], remove: ["cat"])), .tokenTypeMismatch, variant.label)
    }

    @Test("H6 control: missing typ is valid")
    func h6MissingType() {
        Self.expectValid(Self.sign(Self.header(remove: ["typ"])))
    }

    @Test(
        "H7 typ jwt (lower case) and application/jwt are rejected",
        arguments: ["\"jwt\"", "\"application/jwt\"", "\"Jwt\""])
    func h7TypeCase(_ value: String) {
        Self.expectRejected(Self.sign(Self.header(set: ["typ": value])), .tokenInvalidType, value)
    }

    static let h8Variants: [Variant] = [
        Variant("M2M", "\"cl_B7d4PD333AAA\""), Variant("JWT template", "\"cl_B7d4PD222AAA\""),
        Variant("unknown", "\"cl_Z9z9ZZ999ZZZ\""), Variant("number", "1"), Variant("empty", "\"\""),
    ]

    @Test("H8 non-session token categories are rejected", arguments: h8Variants)
    func h8Category(_ variant: Variant) {
        Self.expectRejected(Self.sign(Self.header(set: ["cat": variant.value])), .tokenTypeMismatch, variant.label)
    }

    @Test("H8 control: no cat and the neutral cat are valid")
    func h8ValidCategories() {
        Self.expectValid(Self.sign(Self.header(remove: ["cat"])), "no cat")
        Self.expectValid(Self.sign(Self.header(set: ["cat": "\"cl_I7d4PD111III\""])), "neutral cat")
    }

    @Test("H9 cty (nested JWT) is rejected")
    func h9ContentType() {
        Self.expectRejected(Self.sign(Self.header(set: ["cty": "\"JWT\""])), .tokenUnsupportedContentType)
    }

    // MARK: 4. Token structure and base64url

    @Test("S1 wrong segment structure is rejected")
    func s1Structure() {
        let token = Self.sign()
        let (h, p, s) = Self.segments(token)
        let emptyPayloadSigned = Self.issuer.sign(signingInput: h + ".")
        #expect(emptyPayloadSigned.hasPrefix(h + ".."))
        let cases: [(String, String)] = [
            ("", "empty"), (h, "one segment"), (h + "." + p, "two segments"), (token + "." + s, "four segments"),
            (token + ".", "valid token + ."), ("." + token, ". + valid token"), (h + ".." + p + "." + s, "h..p.s"),
            (token + "." + s + "." + s, "five segments (JWE shape)"), ("..", ".."), ("...", "..."),
            ("." + p + "." + s, "empty header"), (h + "." + p + ".", "empty signature"),
            (emptyPayloadSigned, "empty payload, validly signed"),
            (h + ".." + s, "empty payload"),
        ]
        for (input, note) in cases {
            Self.expectRejected(input, .tokenMalformed, note)
        }
        Self.expectValid(token, "control")
    }

    @Test("S2 7000 dots are rejected")
    func s2ManyDots() {
        Self.expectRejected(String(repeating: ".", count: 7000), .tokenMalformed, "dots only")
        let token = Self.sign()
        #expect(token.utf8.count + 7000 <= 8192)
        Self.expectRejected(token + String(repeating: ".", count: 7000), .tokenMalformed, "token + 7000 dots")
        Self.expectRejected(
            token + String(repeating: ".", count: 8192), .tokenTooLarge, "token + 8192 dots (over the size cap)")
        Self.expectRejected(String(repeating: "a.", count: 3000), .tokenMalformed, "3000 short segments")
    }

    @Test("S3 whitespace, Bearer prefix and JSON serialization are rejected")
    func s3Framing() {
        let token = Self.sign()
        let (h, p, s) = Self.segments(token)
        let json = "{\"payload\":\"\(p)\",\"protected\":\"\(h)\",\"signature\":\"\(s)\"}"
        for (input, note) in [
            (" " + token, "leading space"), (token + "\n", "trailing newline"), ("Bearer " + token, "Bearer prefix"),
            (json, "JWS JSON serialization"), (token + " ", "trailing space"), ("\t" + token, "leading tab"),
        ] {
            Self.expectRejected(input, .tokenMalformed, note)
        }
    }

    /// A claims JSON whose base64url text contains both `-` and `_` at any alignment.
    static var claimsWithURLAlphabet: String { claims(append: [("x", "\"??????>>>>>>\"")]) }

    /// `text` with `insert` put in after `offset` characters.
    static func inserting(_ insert: String, into text: String, at offset: Int) -> String {
        String(text.prefix(offset)) + insert + String(text.dropFirst(offset))
    }

    static func standardAlphabet(_ text: String) -> String {
        text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    }

    @Test("S4 padding, the standard alphabet, whitespace, stray characters and bad lengths are rejected")
    func s4Base64Strictness() {
        // Both segments get a length that needs padding (not a multiple of 4).
        var h = Self.b64(Self.header())
        for filler in 1...3 where h.utf8.count % 4 == 0 {
            h = Self.b64(Self.header(set: ["x": "\"\(String(repeating: "y", count: filler))\""]))
        }
        var p = Self.b64(Self.claimsWithURLAlphabet)
        for filler in 1...3 where p.utf8.count % 4 == 0 {
            p = Self.b64(
                Self.claims(append: [("x", "\"??????>>>>>>\""), ("y", "\"\(String(repeating: "y", count: filler))\"")]))
        }
        #expect(p.contains("-") && p.contains("_"))
        func padded(_ segment: String) -> String {
            segment + String(repeating: "=", count: (4 - segment.utf8.count % 4) % 4)
        }
        #expect(padded(h) != h && padded(p) != p, "both segments need padding")
        var oneMod4 = p
        while oneMod4.utf8.count % 4 != 1 { oneMod4 += "A" }
        // Each signing input is signed as is, so only the decoder can catch the defect.
        let signedInputs: [(String, String)] = [
            (padded(h) + "." + p, "padded header"), (h + "." + padded(p), "padded payload"),
            (h + "." + Self.standardAlphabet(p), "standard alphabet"),
            (h + "." + Self.inserting("\n", into: p, at: 10), "newline in payload"),
            (h + "." + Self.inserting(" ", into: p, at: 10), "space in payload"),
            (Self.inserting("\t", into: h, at: 8) + "." + p, "tab in header"),
            (h + "." + Self.inserting("#", into: p, at: 4), "# in payload"),
            (h + "." + Self.inserting("?", into: p, at: 4), "? in payload"),
            (h + "." + Self.inserting("=", into: p, at: 4), "= inside payload"),
            (h + "." + oneMod4, "payload length ≡ 1 (mod 4)"),
        ]
        for (input, note) in signedInputs {
            Self.expectRejected(Self.issuer.sign(signingInput: input), .tokenMalformed, note)
        }
        // In the signature: padding, whitespace, bad lengths, the standard alphabet.
        let token = Self.sign()
        let (th, tp, ts) = Self.segments(token)
        #expect(ts.utf8.count % 4 == 2)
        let prefix = th + "." + tp + "."
        Self.expectRejected(prefix + ts + "==", .tokenMalformed, "padded signature")
        Self.expectRejected(prefix + Self.inserting("\n", into: ts, at: 100), .tokenMalformed, "newline in signature")
        // 343 characters decode canonically to 257 bytes: refused by the length rule (G2), not the decoder.
        Self.expectRejected(prefix + ts + "A", .tokenInvalidSignature, "signature length ≡ 3 (mod 4)")
        Self.expectRejected(prefix + ts + "AAA", .tokenMalformed, "signature length ≡ 1 (mod 4)")
        var withURLChars = token
        for attempt in 0..<64 {
            let signature = Self.segments(withURLChars).signature
            if signature.contains("-") || signature.contains("_") { break }
            withURLChars = Self.sign(Self.header(), Self.claims(append: [("n", "\(attempt)")]))
        }
        let (sh, sp, ss) = Self.segments(withURLChars)
        #expect(Self.standardAlphabet(ss) != ss)
        Self.expectRejected(
            sh + "." + sp + "." + Self.standardAlphabet(ss), .tokenMalformed, "standard alphabet in signature")
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// The same text with the unused low bits of its last character set (a second spelling of the same bytes).
    static func nonCanonical(_ segment: String) -> String {
        let unusedBits = segment.utf8.count % 4 == 2 ? 0x0F : 0x03
        let last = segment.last!
        let value = alphabet.firstIndex(of: last)!
        return String(segment.dropLast()) + String(alphabet[value | unusedBits])
    }

    @Test("S5 non-canonical base64url in the signature or the signed payload is rejected")
    func s5NonCanonical() throws {
        let token = Self.sign()
        let (h, p, s) = Self.segments(token)
        let altered = Self.nonCanonical(s)
        #expect(altered != s)
        // A lenient decoder would give the same bytes: it is the same signature spelt differently.
        #expect(Data(base64Encoded: Self.paddedStandard(altered)) == Data(base64Encoded: Self.paddedStandard(s)))
        Self.expectRejected(h + "." + p + "." + altered, .tokenMalformed, "signature")
        var claims = Self.claims()
        while claims.utf8.count % 3 == 0 {
            claims = Self.claims(append: [("pad", "\"\(String(repeating: "x", count: claims.utf8.count % 7 + 1))\"")])
        }
        let payload = Self.nonCanonical(Self.b64(claims))
        #expect(payload != Self.b64(claims))
        Self.expectRejected(Self.issuer.sign(signingInput: h + "." + payload), .tokenMalformed, "payload, signed as is")
    }

    static func paddedStandard(_ segment: String) -> String {
        let standard = standardAlphabet(segment)
        return standard + String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
    }

    // MARK: 5. JSON parsing, size, nesting, duplicates

    @Test("J1 a header that is not one strict JSON object is rejected")
    func j1Header() {
        let good = Array(Self.header().utf8)
        let payload = Array(Self.claims().utf8)
        let cases: [([UInt8], String)] = [
            (Array("[\"RS256\"]".utf8), "array"), (Array("\"RS256\"".utf8), "string"), (Array("256".utf8), "number"),
            (Array("null".utf8), "null"), (Array("alg=RS256".utf8), "not JSON"), (Array(good.dropLast(3)), "truncated"),
            (good + Array("xyz".utf8), "trailing garbage"), (good + good, "two objects"),
            ([0xEF, 0xBB, 0xBF] + good, "UTF-8 BOM"),
            (Array(Self.header(set: ["x": "\"\u{01}\""]).utf8).map { $0 == 0x01 ? 0xFF : $0 }, "invalid UTF-8"),
            (Array(Self.header(set: ["x": "NaN"]).utf8), "NaN literal"), ([], "empty"),
        ]
        for (header, note) in cases {
            Self.expectRejected(Self.signRaw(header: header, payload: payload), .tokenMalformed, note)
        }
    }

    @Test("J2 a validly signed payload that is not one strict JSON object is rejected")
    func j2Payload() {
        let header = Array(Self.header().utf8)
        let good = Array(Self.claims().utf8)
        let cases: [([UInt8], String)] = [
            (Array("[]".utf8), "array"), (Array("\"user_2test\"".utf8), "string"), (Array("1800000060".utf8), "number"),
            (Array("null".utf8), "null"), (Array("true".utf8), "true"), (Array("sub=user_2test".utf8), "not JSON"),
            ([0xEF, 0xBB, 0xBF] + good, "BOM"),
            (Array(Self.claims(set: ["x": "\"\u{01}\""]).utf8).map { $0 == 0x01 ? 0xC0 : $0 }, "invalid UTF-8"),
            (good + [0], "trailing NUL"), (Array(Self.claims(set: ["x": "\"\\ud800\""]).utf8), "lone high surrogate"),
            (Array(Self.claims(set: ["x": "\"\\udc00\""]).utf8), "lone low surrogate"),
            (Array(Self.claims(set: ["x": "\"\u{01}\""]).utf8), "raw control character in a string"),
        ]
        for (payload, note) in cases {
            Self.expectRejected(Self.signRaw(header: header, payload: payload), .tokenMalformed, note)
        }
    }

    @Test("J3 a header with 2000-deep nesting is rejected without crashing")
    func j3DeepHeader() {
        let deep = String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000)
        let token = Self.sign(Self.header(set: ["x": deep]))
        #expect(token.utf8.count <= 8192)
        Self.expectRejected(token, .tokenMalformed)
        let deepObjects = String(repeating: "{\"a\":", count: 600) + "1" + String(repeating: "}", count: 600)
        Self.expectRejected(Self.sign(Self.header(set: ["x": deepObjects])), .tokenMalformed, "600 nested objects")
    }

    @Test("J4 a signed payload with 1500-deep nesting is rejected by the depth limit")
    func j4DeepPayload() {
        let deep = String(repeating: "[", count: 1500) + String(repeating: "]", count: 1500)
        let token = Self.sign(Self.header(), Self.claims(set: ["x": deep]))
        #expect(token.utf8.count <= 8192)
        Self.expectRejected(token, .tokenMalformed)
        // Boundary: depth 32 in all (the claims object is level 1) is fine.
        let ok = String(repeating: "[", count: 31) + String(repeating: "]", count: 31)
        Self.expectValid(Self.sign(Self.header(), Self.claims(set: ["x": ok])), "depth 32")
        let over = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        Self.expectRejected(Self.sign(Self.header(), Self.claims(set: ["x": over])), .tokenMalformed, "depth 33")
    }

    @Test(
        "J5 exp as NaN, Infinity or -Infinity is not JSON",
        arguments: ["NaN", "Infinity", "-Infinity", "+1800000060", "Inf"])
    func j5NonFiniteLiterals(_ literal: String) {
        Self.expectRejected(Self.sign(Self.header(), Self.claims(set: ["exp": literal])), .tokenMalformed, literal)
    }

    @Test("J6 oversized tokens are rejected before decoding; a realistic 3.4 KiB token verifies")
    func j6Sizes() throws {
        let big = String(repeating: "a", count: 9 * 1024)
        Self.expectRejected(Self.sign(Self.header(set: ["x": "\"\(big)\""])), .tokenTooLarge, "header > 8 KiB")
        Self.expectRejected(
            Self.sign(Self.header(), Self.claims(set: ["x": "\"\(big)\""])), .tokenTooLarge, "payload > 8 KiB")
        let token = Self.sign()
        let (h, p, _) = Self.segments(token)
        let hugeSignature = Base64URL.encode([UInt8](repeating: 0x5A, count: 10 * 1024))
        Self.expectRejected(h + "." + p + "." + hugeSignature, .tokenTooLarge, "10 KiB signature")
        Self.expectRejected(
            h + "." + p + "." + String(repeating: "A", count: 256 * 1024), .tokenTooLarge, "256 KiB token")
        Self.expectRejected(String(repeating: "A", count: 8193), .tokenTooLarge, "8193 bytes of anything")
        // Cookie-sized: large custom claims (public metadata), about 3.4 KiB in all.
        let metadata = "{\"plan\":\"enterprise\",\"notes\":\"\(String(repeating: "lorem ipsum ", count: 170))\"}"
        let realistic = Self.sign(Self.header(), Self.claims(set: ["metadata": metadata]))
        #expect(realistic.utf8.count > 3200 && realistic.utf8.count < 3700, "size \(realistic.utf8.count)")
        let session = try #require(Self.expectValid(realistic))
        #expect(session[claim: "metadata"]?["plan"]?.stringValue == "enterprise")
    }

    @Test("J6 the size cap counts bytes: a token exactly at the cap verifies, one byte over is refused")
    func j6SizeBoundary() {
        let token = Self.sign(Self.header(), Self.claims(set: ["x": "\"\(String(repeating: "é", count: 200))\""]))
        let length = token.utf8.count
        func verifier(cap: Int) -> SessionTokenVerifier {
            SessionTokenVerifier(
                configuration: .init(
                    issuers: [Self.issuer.issuer], authorizedParties: [Self.party], clock: .fixed(Self.now),
                    maximumTokenBytes: cap), keySet: Self.issuer.keySet)
        }
        Self.expectValid(token, "cap = length", verifier: verifier(cap: length))
        Self.expectRejected(token, .tokenTooLarge, "cap = length - 1", verifier: verifier(cap: length - 1))
        #expect(SessionTokenVerifier.Configuration(issuer: "x").maximumTokenBytes == 8192)
    }

    static var expired: String { "\(Int(now) - 100)" }
    static var fresh: String { "\(Int(now) + 60)" }

    @Test("J7 duplicate members are rejected")
    func j7Duplicates() {
        let claimCases: [(String, String)] = [
            (
                Self.claims(remove: ["exp"], append: [("exp", Self.expired), ("exp", Self.fresh)]),
                "exp expired then valid"
            ),
            (
                Self.claims(remove: ["exp"], append: [("exp", Self.fresh), ("exp", Self.expired)]),
                "exp valid then expired"
            ),
            (Self.claims(append: [("sub", "\"user_admin\"")]), "two sub"),
            (Self.claims(append: [("iss", "\"https://evil.example\"")]), "iss good then evil"),
            (Self.claims(append: [("\\u0065xp", Self.fresh)]), "exp and an escaped exp"),
            (Self.claims(append: [("azp", "\"\(Self.party)\"")]), "same azp twice"),
        ]
        for (claims, note) in claimCases {
            Self.expectRejected(Self.sign(Self.header(), claims), .tokenMalformed, note)
        }
        let kid = "\"kid\":\"\(Self.mainKid)\""
        let headerCases: [(String, String)] = [
            ("{\"alg\":\"RS256\",\(kid),\"alg\":\"none\"}", "alg RS256 then none"),
            ("{\"alg\":\"none\",\(kid),\"alg\":\"RS256\"}", "alg none then RS256"),
            ("{\"alg\":\"RS256\",\"kid\":\"ins_unknown\",\(kid)}", "kid unknown then real"),
            ("{\"alg\":\"RS256\",\(kid),\"typ\":\"JWT\",\"typ\":\"JWT\"}", "typ twice"),
        ]
        for (header, note) in headerCases {
            Self.expectRejected(Self.sign(header), .tokenMalformed, note)
        }
    }

    // MARK: 6. Signature encoding

    @Test("G1 tampered signatures, payloads and headers are rejected")
    func g1Tampering() {
        let token = Self.sign()
        let signature = Self.signatureBytes(token)
        for (position, bit) in [(0, 0), (0, 7), (signature.count - 1, 0), (signature.count - 1, 7), (128, 3)] {
            var flipped = signature
            flipped[position] ^= 1 << UInt8(bit)
            Self.expectRejected(
                Self.withSignature(token, flipped), .tokenInvalidSignature, "byte \(position) bit \(bit)")
        }
        let other = Self.sign(Self.header(), Self.claims(set: ["sub": "\"user_other\""]))
        Self.expectRejected(
            Self.withSignature(token, Self.signatureBytes(other)), .tokenInvalidSignature, "signature of another token")
        let (h, _, s) = Self.segments(token)
        Self.expectRejected(
            h + "." + Self.b64(Self.claims(set: ["sub": "\"user_admin\""])) + "." + s, .tokenInvalidSignature,
            "payload changed")
        Self.expectRejected(
            Self.b64(Self.header(set: ["x": "1"])) + "." + Self.segments(token).payload + "." + s,
            .tokenInvalidSignature, "header changed")
        Self.expectRejected(
            Self.sign(key: Self.attacker), .tokenInvalidSignature, "attacker key claiming the trusted kid")
        Self.expectValid(token, "control")
    }

    @Test("G2 signatures of the wrong length are rejected")
    func g2WrongLength() {
        let token = Self.sign()
        let signature = Self.signatureBytes(token)
        #expect(signature.count == 256)
        let cases: [([UInt8], String)] = [
            (Array(signature.dropLast()), "255 (truncated)"), ([0] + signature, "257 (leading 00)"),
            (signature + [0], "257 (trailing 00)"), (signature + signature, "512 (doubled)"), ([0], "1 byte"),
        ]
        for (bytes, note) in cases {
            Self.expectRejected(Self.withSignature(token, bytes), .tokenInvalidSignature, note)
        }
    }

    @Test("G3 a valid signature starting with 00 verifies; with the 00 stripped it is rejected")
    func g3LeadingZeroSignature() throws {
        var found: String?
        for attempt in 0..<6000 {
            let token = Self.sign(Self.header(), Self.claims(set: ["jti": "\"jti_\(attempt)\""]))
            if Self.signatureBytes(token)[0] == 0 {
                found = token
                break
            }
        }
        let token = try #require(found, "no signature with a leading zero byte in 6000 tokens (chance about 6e-11)")
        let signature = Self.signatureBytes(token)
        #expect(signature.count == 256 && signature[0] == 0)
        Self.expectValid(token, "leading zero byte")
        Self.expectRejected(
            Self.withSignature(token, Array(signature.dropFirst())), .tokenInvalidSignature, "00 stripped (255 bytes)")
    }

    @Test("G4 edge integers as signatures are rejected")
    func g4EdgeIntegers() {
        let token = Self.sign()
        let n = Self.mainKey.modulus
        #expect(n.count == 256 && n.last! & 1 == 1)
        var nMinusOne = n
        nMinusOne[nMinusOne.count - 1] -= 1
        let cases: [([UInt8], String)] = [
            ([UInt8](repeating: 0, count: 256), "s = 0"), ([UInt8](repeating: 0, count: 255) + [1], "s = 1"),
            (nMinusOne, "s = n - 1"), (n, "s = n"), ([UInt8](repeating: 0xFF, count: 256), "s = FF…FF > n"),
        ]
        for (signature, note) in cases {
            Self.expectRejected(Self.withSignature(token, signature), .tokenInvalidSignature, note)
        }
    }

    @Test("G5 PKCS#1 v1.5 encoding malleability, signed with the trusted key's raw RSA operation, is rejected")
    func g5EncodingMalleability() throws {
        let key = Self.mainKey
        let k = key.modulus.count
        let input = Self.b64(Self.header()) + "." + Self.b64(Self.claims())
        let hash = SHA256.hash(Array(input.utf8))
        func em(_ digestInfo: [UInt8], blockType: UInt8 = 0x01, filler: UInt8 = 0xFF) -> [UInt8] {
            [0x00, blockType] + [UInt8](repeating: filler, count: k - digestInfo.count - 3) + [0x00] + digestInfo
        }
        func token(_ encoded: [UInt8]) throws -> String {
            let signature = try #require(key.rawPrivateOperation(encoded))
            return input + "." + Base64URL.encode(signature)
        }
        let sha256Info = TestSupport.hex("3031300d060960864801650304020105000420") + hash
        #expect(em(sha256Info) == TestSupport.pkcs1SHA256Encoding(of: Array(input.utf8), modulusBytes: k))
        // Control: the correct encoding, through the raw operation, is a genuine signature.
        Self.expectValid(try token(em(sha256Info)), "correct EMSA-PKCS1-v1_5 encoding")
        var garbageInPadding = em(sha256Info)
        garbageInPadding[20] = 0x42
        var shortPadding = [UInt8](repeating: 0xFF, count: k)
        shortPadding.replaceSubrange(0..<2, with: [0x00, 0x01])
        shortPadding.replaceSubrange(6..<(7 + sha256Info.count), with: [0x00] + sha256Info)
        let cases: [([UInt8], String)] = [
            (em(TestSupport.hex("302f300b0609608648016503040201") + TestSupport.hex("0420") + hash), "missing NULL"),
            (em(TestSupport.hex("308131300d060960864801650304020105000420") + hash), "BER long-form SEQUENCE length"),
            (em(TestSupport.hex("3032300e06096086480165030402010581000420") + hash), "BER long-form NULL length"),
            (em(TestSupport.hex("3031300d060960864801650304020305000420") + hash), "SHA-512 OID with a SHA-256 hash"),
            (em(TestSupport.hex("3031300d060960864801650304020205000420") + hash), "SHA-384 OID with a SHA-256 hash"),
            (garbageInPadding, "garbage in the padding"), (em(sha256Info, blockType: 0x02), "block type 02"),
            (em(sha256Info, filler: 0x00).enumerated().map { $0.offset == 1 ? 0x00 : $0.element }, "block type 00"),
            (shortPadding, "hash not at the end (trailing garbage)"),
            (
                em(TestSupport.hex("3031300d060960864801650304020105000420") + SHA256.hash(Array((input + "x").utf8))),
                "hash of another input"
            ),
        ]
        for (encoded, note) in cases {
            #expect(encoded.count == k, "\(note)")
            Self.expectRejected(try token(encoded), .tokenInvalidSignature, note)
        }
    }

    // MARK: 7. Time claims and clock skew

    @Test("T1 missing exp is rejected")
    func t1MissingExp() {
        Self.expectRejected(Self.sign(Self.header(), Self.claims(remove: ["exp"])), .tokenMissingClaim)
    }

    static let t2Variants: [Variant] = [
        Variant("numeric string", "\"1800000060\""), Variant("ISO date", "\"2027-01-15T08:00:00Z\""),
        Variant("true", "true"),
        Variant("false", "false"), Variant("null", "null"), Variant("array", "[1800000060]"),
        Variant("object", "{\"v\":1800000060}"),
    ]

    @Test("T2 exp that is not a JSON number is rejected", arguments: t2Variants)
    func t2ExpNotANumber(_ variant: Variant) {
        Self.expectRejected(
            Self.sign(Self.header(), Self.claims(set: ["exp": variant.value])), .tokenInvalidClaim, variant.label)
    }

    @Test(
        "T3 huge exp values are rejected without crashing",
        arguments: ["1e300", "1e400", "9223372036854775808", "18446744073709551616", "253402300800", "1E+30"])
    func t3HugeExp(_ value: String) {
        Self.expectRejected(Self.sign(Self.header(), Self.claims(set: ["exp": value])), .tokenInvalidClaim, value)
    }

    @Test("T4 expired exp values are rejected")
    func t4Expired() {
        let now = Int(Self.now)
        for value in ["-1", "0", "\(now - 5 - 60)", "\(now - 3600)", "\(now - 3600).5", "\(now - 5)", "-253402300799"] {
            Self.expectRejected(Self.sign(Self.header(), Self.claims(set: ["exp": value])), .tokenExpired, value)
        }
    }

    @Test("T5 a fractional exp in the future verifies")
    func t5FractionalExp() throws {
        let session = try #require(
            Self.expectValid(Self.sign(Self.header(), Self.claims(set: ["exp": "\(Int(Self.now) + 60).5"]))))
        #expect(session.expiresAtSeconds == Self.now + 60.5)
    }

    @Test("T6 nbf in the future or not a valid number is rejected")
    func t6NotBefore() {
        let now = Int(Self.now)
        Self.expectRejected(
            Self.sign(Self.header(), Self.claims(set: ["nbf": "\(now + 3600)"])), .tokenNotActiveYet, "now + 3600")
        Self.expectRejected(
            Self.sign(Self.header(), Self.claims(set: ["nbf": "\(now + 5 + 30)"])), .tokenNotActiveYet,
            "now + skew + 30")
        for value in ["\"\(now)\"", "true", "1e300", "null"] {
            Self.expectRejected(Self.sign(Self.header(), Self.claims(set: ["nbf": value])), .tokenInvalidClaim, value)
        }
    }

    @Test("T7 iat in the future or not a valid number is rejected")
    func t7IssuedAt() {
        let now = Int(Self.now)
        Self.expectRejected(
            Self.sign(Self.header(), Self.claims(set: ["iat": "\(now + 3600)"])), .tokenIssuedInTheFuture, "now + 3600")
        for value in ["\"\(now)\"", "1e300", "false"] {
            Self.expectRejected(Self.sign(Self.header(), Self.claims(set: ["iat": value])), .tokenInvalidClaim, value)
        }
    }

    @Test("T8 times within the clock skew verify")
    func t8WithinSkew() {
        let now = Int(Self.now)
        Self.expectValid(Self.sign(Self.header(), Self.claims(set: ["exp": "\(now - 1)"])), "exp = now - 1")
        Self.expectValid(Self.sign(Self.header(), Self.claims(set: ["nbf": "\(now + 5 - 1)"])), "nbf = now + skew - 1")
        Self.expectValid(Self.sign(Self.header(), Self.claims(set: ["iat": "\(now + 5 - 1)"])), "iat = now + skew - 1")
    }

    @Test("T9 an iat a year ago with a future exp verifies")
    func t9OldIssuedAt() {
        let yearAgo = Int(Self.now) - 365 * 86_400
        Self.expectValid(Self.sign(Self.header(), Self.claims(set: ["iat": "\(yearAgo)", "nbf": "\(yearAgo)"])))
    }

    // MARK: 8. Identity claims

    static let i1Variants: [Variant] = [
        Variant("other host", "\"https://clerk.other.test\""),
        Variant("trailing slash", "\"https://clerk.example.test/\""),
        Variant("upper case", "\"https://CLERK.EXAMPLE.TEST\""), Variant("http", "\"http://clerk.example.test\""),
        Variant("suffix", "\"https://clerk.example.test.evil.example\""),
        Variant("array", "[\"https://clerk.example.test\"]"),
        Variant("null", "null"), Variant("number", "1"), Variant("empty", "\"\""),
        Variant("prefix", "\"https://clerk.example.tes\""),
    ]

    @Test("I1 iss other than the configured issuer is rejected", arguments: i1Variants)
    func i1Issuer(_ variant: Variant) {
        Self.expectRejected(
            Self.sign(Self.header(), Self.claims(set: ["iss": variant.value])), .tokenInvalidIssuer, variant.label)
    }

    @Test("I1 missing iss is rejected")
    func i1MissingIssuer() {
        Self.expectRejected(Self.sign(Self.header(), Self.claims(remove: ["iss"])), .tokenMissingClaim)
    }

    static let i2Variants: [Variant] = [
        Variant("unlisted origin", "\"https://evil.example\""),
        Variant("suffix", "\"https://app.example.test.evil.example\""),
        Variant("trailing slash", "\"https://app.example.test/\""),
        Variant("upper case", "\"https://APP.EXAMPLE.TEST\""),
        Variant("empty", "\"\""), Variant("array", "[\"https://app.example.test\"]"), Variant("null", "null"),
    ]

    @Test("I2 azp not an authorized party is rejected", arguments: i2Variants)
    func i2AuthorizedParty(_ variant: Variant) {
        Self.expectRejected(
            Self.sign(Self.header(), Self.claims(set: ["azp": variant.value])), .tokenInvalidAuthorizedParties,
            variant.label)
    }

    @Test("I2 missing azp is rejected once authorized parties are configured")
    func i2MissingAuthorizedParty() {
        Self.expectRejected(Self.sign(Self.header(), Self.claims(remove: ["azp"])), .tokenInvalidAuthorizedParties)
    }

    @Test("I3 sub missing, not a string or empty is rejected")
    func i3Subject() {
        Self.expectRejected(Self.sign(Self.header(), Self.claims(remove: ["sub"])), .tokenMissingClaim, "missing")
        for value in ["12345", "null", "\"\"", "[\"user_2test\"]"] {
            Self.expectRejected(Self.sign(Self.header(), Self.claims(set: ["sub": value])), .tokenInvalidClaim, value)
        }
    }

    @Test("I4 aud without a configured audience and unknown claims are ignored")
    func i4IgnoredClaims() {
        Self.expectValid(
            Self.sign(Self.header(), Self.claims(set: ["aud": "\"https://api.other.example\""])), "aud string")
        Self.expectValid(Self.sign(Self.header(), Self.claims(set: ["aud": "[\"a\",\"b\"]"])), "aud array")
        Self.expectValid(
            Self.sign(
                Self.header(), Self.claims(set: ["x_custom": "{\"a\":[1,2,{\"b\":null}]}", "role": "\"admin\""])),
            "extra claims")
    }

    // MARK: 9. JWKS content (key ingestion)

    @Test("W1 a 1024-bit key is skipped and its tokens are rejected")
    func w1WeakKey() throws {
        let set = try Self.keySet([Self.mainJWK, Self.jwk(Self.weak1024, kid: "ins_weak_1024")])
        #expect(set.keyIDs == [Self.mainKid])
        #expect(set.skipped.map(\.keyID) == ["ins_weak_1024"])
        let token = Self.sign(Self.header(set: ["kid": "\"ins_weak_1024\""]), key: Self.weak1024)
        Self.expectRejected(token, .keyIDMismatch, verifier: Self.verifier(set))
        // OpenSSL itself would accept the signature: only the library's size rule stops it.
        let (h, p, _) = Self.segments(token)
        let unchecked = try #require(
            RSAVerificationKey.unchecked(modulus: Self.weak1024.modulus, exponent: Self.weak1024.exponent))
        #expect(unchecked.isValidSignature(Self.signatureBytes(token), for: Array((h + "." + p).utf8)))
        #expect(throws: ClerkVerificationError.self) { try Self.weak1024.verificationKey() }
        let alone = #expect(throws: ClerkVerificationError.self) {
            try Self.keySet([Self.jwk(Self.weak1024, kid: "ins_weak_1024")])
        }
        #expect(alone?.code == .localKeyInvalid)
    }

    @Test("W2 an e = 1 key is refused, and it would accept a universal forgery")
    func w2ExponentOne() throws {
        let e1 = Self.rsaJWK(kid: "ins_e1", n: Self.mainN, e: "AQ")
        let alone = #expect(throws: ClerkVerificationError.self) { try Self.keySet([e1]) }
        #expect(alone?.code == .localKeyInvalid)
        let set = try Self.keySet([Self.mainJWK, e1])
        #expect(set.keyIDs == [Self.mainKid])
        // The forged "signature" is the EMSA-PKCS1-v1_5 encoding of the token's own hash: s^1 mod n = EM.
        let input =
            Self.b64(Self.header(set: ["kid": "\"ins_e1\""])) + "."
            + Self.b64(Self.claims(set: ["sub": "\"user_admin\""]))
        let forged = TestSupport.pkcs1SHA256Encoding(of: Array(input.utf8), modulusBytes: Self.mainKey.modulus.count)
        Self.expectRejected(input + "." + Base64URL.encode(forged), .keyIDMismatch, verifier: Self.verifier(set))
        // The danger: without the exponent rule, OpenSSL verifies the forgery.
        let exponentOne = try #require(RSAVerificationKey.unchecked(modulus: Self.mainKey.modulus, exponent: [1]))
        #expect(exponentOne.isValidSignature(forged, for: Array(input.utf8)))
        let refused = #expect(throws: ClerkVerificationError.self) {
            try RSAVerificationKey(modulus: Self.mainKey.modulus, exponent: [1])
        }
        #expect(refused?.code == .keyInvalid)
    }

    /// A key set entry that must be skipped, and a token that names it.
    struct Decoy: Sendable, CustomTestStringConvertible {
        let label: String
        let kid: String
        let jwk: String
        let signer: TestSigningKey
        var testDescription: String { label }
    }

    static var w3Decoys: [Decoy] {
        let n = mainKey.modulus
        var even = n
        even[even.count - 1] &= 0xFE
        let withURLChars =
            [mainKey, nextKey, attacker].map { Base64URL.encode($0.modulus) }.first {
                $0.contains("-") || $0.contains("_")
            } ?? mainN
        let standardN = standardAlphabet(withURLChars)
        let huge = [UInt8(0xC1)] + [UInt8](repeating: 0x5B, count: 2047) + [0x01]  // 2049 bytes, odd: 16385 bits
        return [
            Decoy(label: "e = 3", kid: "ins_e3", jwk: jwk(smallExponent, kid: "ins_e3"), signer: smallExponent),
            Decoy(
                label: "even e (65536)", kid: "ins_even_e", jwk: rsaJWK(kid: "ins_even_e", n: mainN, e: "AQAA"),
                signer: mainKey),
            Decoy(
                label: "e with a leading zero", kid: "ins_e_zero",
                jwk: rsaJWK(kid: "ins_e_zero", n: mainN, e: "AAEAAQ"), signer: mainKey),
            Decoy(
                label: "n with a leading zero", kid: "ins_n_zero",
                jwk: rsaJWK(kid: "ins_n_zero", n: Base64URL.encode([0] + n)), signer: mainKey),
            Decoy(
                label: "even n", kid: "ins_n_even", jwk: rsaJWK(kid: "ins_n_even", n: Base64URL.encode(even)),
                signer: mainKey),
            Decoy(
                label: "padded n", kid: "ins_n_padded", jwk: rsaJWK(kid: "ins_n_padded", n: mainN + "=="),
                signer: mainKey),
            Decoy(
                label: "n in the standard alphabet", kid: "ins_n_std", jwk: rsaJWK(kid: "ins_n_std", n: standardN),
                signer: mainKey),
            Decoy(
                label: "n over 8192 bits (2049 bytes)", kid: "ins_n_huge",
                jwk: rsaJWK(kid: "ins_n_huge", n: Base64URL.encode(huge)), signer: mainKey),
            Decoy(label: "e = 1", kid: "ins_e1", jwk: rsaJWK(kid: "ins_e1", n: mainN, e: "AQ"), signer: mainKey),
            Decoy(
                label: "1024-bit n", kid: "ins_weak_1024", jwk: jwk(weak1024, kid: "ins_weak_1024"), signer: weak1024),
        ]
    }

    @Test("W3 keys with a bad exponent or modulus are skipped and their tokens rejected", arguments: w3Decoys)
    func w3BadParameters(_ decoy: Decoy) throws {
        let set = try Self.keySet([Self.mainJWK, decoy.jwk])
        #expect(set.keyIDs == [Self.mainKid], "\(decoy.label)")
        #expect(set.skipped.count == 1)
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"\(decoy.kid)\""]), key: decoy.signer), .keyIDMismatch, decoy.label,
            verifier: Self.verifier(set))
        let alone = #expect(throws: ClerkVerificationError.self) { try Self.keySet([decoy.jwk]) }
        #expect(alone?.code == .localKeyInvalid)
    }

    static var w4Decoys: [Decoy] {
        let ec =
            "{\"kty\":\"EC\",\"kid\":\"ins_ec\",\"use\":\"sig\",\"crv\":\"P-256\",\"x\":\"04N0xi21hshyvBp7I167sbE_bXqyqkAPfefdklMO7wY\",\"y\":\"UI8exy-C06a7DUnjIdENkxeFtHM4-l_41LqEw9nVgmw\"}"
        return [
            Decoy(label: "kty EC", kid: "ins_ec", jwk: ec, signer: mainKey),
            Decoy(
                label: "kty oct", kid: "ins_oct",
                jwk: "{\"kty\":\"oct\",\"kid\":\"ins_oct\",\"k\":\"c2VjcmV0LWtleS1wdWJsaXNoZWQ\"}", signer: mainKey),
            Decoy(
                label: "use enc", kid: "ins_enc",
                jwk: object([
                    ("kty", "\"RSA\""), ("kid", "\"ins_enc\""), ("use", "\"enc\""), ("n", "\"\(mainN)\""),
                    ("e", "\"AQAB\""),
                ]), signer: mainKey),
            Decoy(
                label: "key_ops encrypt", kid: "ins_ops",
                jwk: rsaJWK(kid: "ins_ops", n: mainN, extra: [("key_ops", "[\"encrypt\"]")]), signer: mainKey),
            Decoy(
                label: "key_ops not an array", kid: "ins_ops_str",
                jwk: rsaJWK(kid: "ins_ops_str", n: mainN, extra: [("key_ops", "\"verify\"")]), signer: mainKey),
            Decoy(
                label: "alg RS512", kid: "ins_rs512",
                jwk: rsaJWK(kid: "ins_rs512", n: mainN, extra: [("alg", "\"RS512\"")]), signer: mainKey),
            Decoy(
                label: "kty rsa (lower case)", kid: "ins_lower",
                jwk: object([("kty", "\"rsa\""), ("kid", "\"ins_lower\""), ("n", "\"\(mainN)\""), ("e", "\"AQAB\"")]),
                signer: mainKey),
            Decoy(
                label: "use not a string", kid: "ins_use_num",
                jwk: object([
                    ("kty", "\"RSA\""), ("kid", "\"ins_use_num\""), ("use", "1"), ("n", "\"\(mainN)\""),
                    ("e", "\"AQAB\""),
                ]), signer: mainKey),
            Decoy(
                label: "kid not a string", kid: "7",
                jwk: object([("kty", "\"RSA\""), ("kid", "7"), ("n", "\"\(mainN)\""), ("e", "\"AQAB\"")]),
                signer: mainKey),
            Decoy(label: "no kid", kid: "", jwk: rsaJWK(kid: nil, n: mainN), signer: mainKey),
        ]
    }

    @Test("W4 keys of the wrong type, use, operations, algorithm or without a kid are skipped", arguments: w4Decoys)
    func w4WrongKeyMetadata(_ decoy: Decoy) throws {
        let set = try Self.keySet([Self.mainJWK, decoy.jwk])
        #expect(set.keyIDs == [Self.mainKid], "\(decoy.label)")
        #expect(set.skipped.count == 1)
        if !decoy.kid.isEmpty {
            // Signed by the main private key: only the JWK's metadata disqualifies the key.
            Self.expectRejected(
                Self.sign(Self.header(set: ["kid": "\"\(decoy.kid)\""]), key: decoy.signer), .keyIDMismatch,
                decoy.label,
                verifier: Self.verifier(set))
        }
        let alone = #expect(throws: ClerkVerificationError.self) { try Self.keySet([decoy.jwk]) }
        #expect(alone?.code == .localKeyInvalid)
    }

    @Test("W4 an HS256 token keyed with an oct key's published k is rejected")
    func w4OctKeyConfusion() throws {
        let secret = Array("secret-key-published".utf8)
        let oct = "{\"kty\":\"oct\",\"kid\":\"ins_oct\",\"alg\":\"HS256\",\"k\":\"\(Base64URL.encode(secret))\"}"
        let set = try Self.keySet([Self.mainJWK, oct])
        let input =
            Self.b64(Self.header(set: ["alg": "\"HS256\"", "kid": "\"ins_oct\""])) + "." + Self.b64(Self.claims())
        let mac = SHA256.hmac(key: secret, message: Array(input.utf8))
        Self.expectRejected(input + "." + Base64URL.encode(mac), .tokenInvalidAlgorithm, verifier: Self.verifier(set))
    }

    @Test("W5 a duplicated kid is unusable; other keys still work")
    func w5DuplicateKeyID() throws {
        let set = try Self.keySet([
            Self.mainJWK, Self.jwk(Self.nextKey, kid: "ins_dup"), Self.jwk(Self.attacker, kid: "ins_dup"),
        ])
        #expect(set.keyIDs == [Self.mainKid])
        #expect(set.skipped.contains { $0.keyID == "ins_dup" })
        let verifier = Self.verifier(set)
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"ins_dup\""]), key: Self.nextKey), .keyIDMismatch, "first copy",
            verifier: verifier)
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"ins_dup\""]), key: Self.attacker), .keyIDMismatch, "second copy",
            verifier: verifier)
        Self.expectValid(Self.sign(), "other key", verifier: verifier)
        // A kid shared with an entry that is itself unusable is still ambiguous: which one did the
        // publisher mean? Neither copy is used.
        let mixed = try Self.keySet([
            Self.mainJWK, Self.jwk(Self.nextKey, kid: "ins_shared"), Self.jwk(Self.weak1024, kid: "ins_shared"),
        ])
        #expect(mixed.keyIDs == [Self.mainKid])
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"ins_shared\""]), key: Self.nextKey), .keyIDMismatch,
            "usable copy of a shared kid",
            verifier: Self.verifier(mixed))
        let sharedWithMain = #expect(throws: ClerkVerificationError.self) {
            try Self.keySet([Self.mainJWK, Self.rsaJWK(kid: Self.mainKid, n: Self.mainN, e: "AQ")])
        }
        #expect(sharedWithMain?.code == .localKeyInvalid, "the only usable kid is ambiguous, so no usable key is left")
        // Two copies of the very same key under one kid are just as ambiguous.
        let same = try Self.keySet([
            Self.mainJWK, Self.jwk(Self.nextKey, kid: "ins_twice"), Self.jwk(Self.nextKey, kid: "ins_twice"),
        ])
        #expect(same.keyIDs == [Self.mainKid])
    }

    @Test("W6 a JWKS mixing good keys with every decoy keeps exactly the good keys; a 4096-bit key verifies")
    func w6MixedKeySet() throws {
        let decoys =
            Self.w3Decoys.map(\.jwk) + Self.w4Decoys.map(\.jwk)
            + [Self.jwk(Self.nextKey, kid: "ins_dup"), Self.jwk(Self.attacker, kid: "ins_dup")]
        let set = try Self.keySet([Self.mainJWK] + decoys + [Self.jwk(Self.big4096, kid: "ins_big_4096")])
        #expect(Set(set.keyIDs) == [Self.mainKid, "ins_big_4096"])
        #expect(set.keys.count == 2)
        #expect(set.skipped.count == decoys.count - 1)  // the duplicated pair is reported once
        let verifier = Self.verifier(set)
        let big = Self.sign(Self.header(set: ["kid": "\"ins_big_4096\""]), key: Self.big4096)
        #expect(Self.signatureBytes(big).count == 512)
        Self.expectValid(big, "4096-bit key", verifier: verifier)
        Self.expectValid(Self.sign(), "main key", verifier: verifier)
        Self.expectRejected(
            Self.sign(Self.header(set: ["kid": "\"ins_big_4096\""])), .tokenInvalidSignature,
            "2048-bit signature for the 4096-bit key",
            verifier: verifier)
    }

    static var w7Documents: [Variant] {
        let good = jwks([mainJWK])
        let manyKeys = jwks((0..<2500).map { rsaJWK(kid: "ins_\($0)", n: mainN) })
        return [
            Variant("HTML error page", "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"),
            Variant("empty body", ""), Variant("whitespace only", " \n"), Variant("top-level array", "[\(mainJWK)]"),
            Variant("keys missing", "{\"jwks\":[\(mainJWK)]}"), Variant("keys an object", "{\"keys\":\(mainJWK)}"),
            Variant("keys a string", "{\"keys\":\"\(mainN)\"}"), Variant("keys null", "{\"keys\":null}"),
            Variant("keys empty", "{\"keys\":[]}"),
            Variant(
                "only unusable keys",
                jwks([
                    jwk(weak1024, kid: "w"), rsaJWK(kid: "e1", n: mainN, e: "AQ"),
                    "{\"kty\":\"oct\",\"kid\":\"o\",\"k\":\"AA\"}",
                ])),
            Variant("only non-object entries", "{\"keys\":[1,\"a\",null,[]]}"),
            Variant("duplicate keys member", "{\"keys\":[\(mainJWK)],\"keys\":[\(mainJWK)]}"),
            Variant(
                "nesting bomb",
                "{\"keys\":[" + String(repeating: "[", count: 2000) + String(repeating: "]", count: 2000) + "]}"),
            Variant("truncated", String(good.dropLast(12))), Variant("trailing garbage", good + "}"),
            Variant("BOM", "\u{FEFF}" + good), Variant("2500 keys (about 1 MiB)", manyKeys),
        ]
    }

    @Test("W7 malformed JWKS documents are refused as a whole", arguments: w7Documents)
    func w7MalformedDocuments(_ document: Variant) {
        let local = #expect(throws: ClerkVerificationError.self, "\(document.label)") {
            try SessionKeySet(jwksText: document.value)
        }
        #expect(local?.code == .localKeyInvalid)
        let remote = #expect(throws: ClerkVerificationError.self) {
            try SessionKeySet(jwksText: document.value, isRemote: true)
        }
        #expect(remote?.code == .remoteKeysInvalid)
    }

    @Test("W7 control: the same documents' good counterparts load, up to 64 keys")
    func w7Controls() throws {
        #expect(try SessionKeySet(jwksText: Self.jwks([Self.mainJWK])).keyIDs == [Self.mainKid])
        #expect(try SessionKeySet(jwksText: " \n" + Self.jwks([Self.mainJWK]) + "\n").keys.count == 1)
        let sixtyFour = try SessionKeySet(
            jwksText: Self.jwks((0..<64).map { Self.rsaJWK(kid: "ins_\($0)", n: Self.mainN) }))
        #expect(sixtyFour.keys.count == 64)
        #expect(throws: ClerkVerificationError.self) {
            try SessionKeySet(jwksText: Self.jwks((0..<65).map { Self.rsaJWK(kid: "ins_\($0)", n: Self.mainN) }))
        }
    }

    @Test("W8 private and unknown members are ignored; the public key is used")
    func w8ExtraMembers() throws {
        let withPrivate = Self.rsaJWK(
            kid: Self.mainKid, n: Self.mainN,
            extra: [
                ("d", "\"\(Base64URL.encode([UInt8](repeating: 0x42, count: 256)))\""), ("p", "\"AQID\""),
                ("q", "\"BAUG\""),
            ])
        let withUnknown = Self.rsaJWK(
            kid: "ins_unknown_members", n: Base64URL.encode(Self.nextKey.modulus),
            extra: [
                ("x5t", "\"dGh1bWJwcmludA\""), ("ext", "true"), ("x-vendor", "{\"a\":[1,2,3]}"),
                ("key_ops", "[\"verify\",\"sign\"]"),
                ("alg", "\"RS256\""),
            ])
        let set = try Self.keySet([withPrivate, withUnknown])
        #expect(Set(set.keyIDs) == [Self.mainKid, "ins_unknown_members"])
        let verifier = Self.verifier(set)
        Self.expectValid(Self.sign(), "key published with d", verifier: verifier)
        Self.expectValid(
            Self.sign(Self.header(set: ["kid": "\"ins_unknown_members\""]), key: Self.nextKey), "unknown members",
            verifier: verifier)
    }
}
