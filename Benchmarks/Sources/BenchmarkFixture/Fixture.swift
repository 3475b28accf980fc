@_spi(Benchmarking) import ClerkSession
import ClerkTesting
import InMemoryTracing

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Everything the benchmarks share: one Clerk-like issuer (one 2048-bit key), one ~1 KB v2 session token,
/// and verifiers over the same JWKS. Time is frozen so the tokens stay valid for the whole run.
public final class Fixture: Sendable {
    /// 2026-01-01T00:00:00Z: the tokens' `iat`. Verifiers run one second later.
    public static let issuedAt: Double = 1_767_225_600
    public static let now: Double = issuedAt + 1

    public let issuer: TestIssuer
    /// A valid session token of the usual shape and size.
    public let token: String
    /// The same claims with one signature character changed (still strict base64url).
    public let badSignatureToken: String
    /// Signed by the right key, but an hour old: fails after the signature check, on `exp`.
    public let expiredToken: String
    /// Signed by the right key under a `kid` the key set does not have.
    public let unknownKeyIDToken: String
    /// A valid M2M JWT (`sub` a machine, the M2M `cat`, `azp` the configured party), verified by the same
    /// verifiers through `verify(_:accepting: .m2mToken)`.
    public let m2mToken: String
    /// The JWKS document (one key) as text.
    public let jwksJSON: String

    /// The default configuration (verified-token cache on), for warm hits and the failure paths.
    public let verifier: SessionTokenVerifier
    /// The same policy with the verified-token cache off: every call does the whole pipeline.
    public let coldVerifier: SessionTokenVerifier
    /// `verifier` with verification spans on, recorded by an in-memory tracer (a real tracer's cost of
    /// opening, attributing and ending a span, without the export).
    public let tracedVerifier: SessionTokenVerifier
    public let tracer = InMemoryTracer()
    /// `verifier` reading a revocation list that holds 1 000 sessions and 100 users (none of this token's):
    /// the cost of the check on a cache hit when revocations are in force.
    public let revokingVerifier: SessionTokenVerifier

    /// `<header>.<payload>` bytes and the raw signature, for the bare OpenSSL baseline.
    public let signingInput: [UInt8]
    public let signature: [UInt8]

    init() {
        let issuer = TestIssuer(clock: .fixed(Self.issuedAt))
        self.issuer = issuer
        // A realistic v2 token: an active organization and a few custom claims, about 1 KB in all.
        let organization: ClaimValue = .object([
            ("fpm", "3"), ("id", "org_2kQFvXyZLm8tA3bC9dE1fG4hJ6k"), ("rol", "admin"), ("slg", "acme-inc"),
            ("per", "manage,read,write"),
        ])
        let extra: [(name: String, value: ClaimValue)] = [
            ("email", "ada.lovelace@example.test"),
            ("pla", "u:pro,o:business"),
            ("fea", "u:export,u:sso,o:audit-log,o:analytics"),
            ("metadata", .object([("role", "engineer"), ("team", "platform"), ("region", "eu-west-1")])),
        ]
        func token(issuedAt: Double = Fixture.issuedAt) -> String {
            issuer.sessionToken(
                userID: "user_2kQFvXyZLm8tA3bC9dE1fG4hJ6k", sessionID: "sess_2kQFw0aBcDeFgHiJkLmNoPqRsTu",
                issuedAt: issuedAt, organization: organization, extra: extra)
        }
        self.token = token()
        self.expiredToken = token(issuedAt: Self.issuedAt - 3600)

        var bytes = Array(self.token.utf8)
        let lastDot = bytes.lastIndex(of: UInt8(ascii: "."))!
        let flip = lastDot + 40  // well inside the signature: no padding bits involved
        bytes[flip] = bytes[flip] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        self.badSignatureToken = String(decoding: bytes, as: UTF8.self)

        self.unknownKeyIDToken = issuer.token(
            header: issuer.sessionHeader(keyID: "ins_unknown_rotated_away"),
            claims: issuer.sessionClaims(issuedAt: Self.issuedAt, organization: organization, extra: extra))
        // M2M claims as Clerk mints them (two scoped machines in `scopes` and `aud`, an `mt_` jti), with
        // `azp` (the verifiers have authorized parties configured, which apply to machine JWTs too) and
        // custom claims.
        self.m2mToken = issuer.m2mToken(
            machineID: "mch_2kQFvXyZLm8tA3bC9dE1fG4hJ6k",
            scopes: ["mch_2kQFw0aBcDeFgHiJkLmNoPqRsTu", "mch_2kQFx1bCdEfGhIjKlMnOpQrStUv"],
            issuedAt: Self.issuedAt, issuer: issuer.issuer,
            extra: [
                ("azp", .string(issuer.defaultAuthorizedParty)),
                ("metadata", .object([("role", "worker"), ("team", "platform"), ("region", "eu-west-1")])),
            ])
        self.jwksJSON = issuer.jwksJSON

        let keySet = issuer.keySet
        let clock = ClerkClock.fixed(Self.now)
        var configuration = SessionTokenVerifier.Configuration(
            issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty],
            clock: clock)
        self.verifier = SessionTokenVerifier(
            configuration: configuration, keyStore: SessionKeyStore(keySet: keySet, clock: clock))
        let revocations = InMemoryRevocationList(clock: clock)
        revocations.recordNow(
            (0..<1000).map { SessionRevocation(.session("sess_revoked_\($0)"), at: Self.now) }
                + (0..<100).map { SessionRevocation(.user("user_revoked_\($0)"), at: Self.now) })
        self.revokingVerifier = SessionTokenVerifier(
            configuration: configuration, keyStore: SessionKeyStore(keySet: keySet, clock: clock),
            revocations: revocations)
        self.tracedVerifier = SessionTokenVerifier(
            configuration: configuration, keyStore: SessionKeyStore(keySet: keySet, clock: clock),
            observability: ClerkObservability(tracer: tracer, tracesVerifications: true))
        configuration.verifiedTokenCacheCapacity = 0
        self.coldVerifier = SessionTokenVerifier(
            configuration: configuration, keyStore: SessionKeyStore(keySet: keySet, clock: clock))

        let dot = self.token.utf8.lastIndex(of: UInt8(ascii: "."))!
        self.signingInput = Array(self.token.utf8[..<dot])
        self.signature = Base64URL.decode(self.token[self.token.index(after: dot)...])!

        check()
    }

    /// Each benchmark measures what its name says: fail loudly at setup otherwise.
    private func check() {
        func expect(_ token: String, _ code: ClerkVerificationError.Code, _ label: String) {
            do {
                _ = try verifier.verify(token)
                fatalError("\(label): verified, expected \(code)")
            } catch {
                precondition(error.code == code, "\(label): \(error.code), expected \(code)")
            }
        }
        do {
            let session = try coldVerifier.verify(token)
            precondition(session.userID == "user_2kQFvXyZLm8tA3bC9dE1fG4hJ6k")
            _ = try verifier.verify(token)  // fills the cache: verify/warm measures hits
            _ = try coldVerifier.parseClaimsForBenchmarking(token)
            let kidLength = try coldVerifier.parseHeaderForBenchmarking(token)
            precondition(kidLength > 0)
        } catch {
            fatalError("the benchmark token does not verify: \(error)")
        }
        do {
            let machine = try coldVerifier.verify(m2mToken, accepting: .m2mToken).machine
            precondition(machine?.machineID == "mch_2kQFvXyZLm8tA3bC9dE1fG4hJ6k", "the M2M token is not an M2M JWT")
            _ = try verifier.verify(m2mToken, accepting: .m2mToken)  // fills the cache: verify/m2m-warm measures hits
        } catch {
            fatalError("the benchmark M2M token does not verify: \(error)")
        }
        precondition(
            (600...1400).contains(m2mToken.utf8.count), "M2M token is \(m2mToken.utf8.count) bytes, expected about 1 KB"
        )
        expect(badSignatureToken, .tokenInvalidSignature, "bad-signature token")
        expect(expiredToken, .tokenExpired, "expired token")
        expect(unknownKeyIDToken, .keyIDMismatch, "unknown-kid token")
        precondition((800...1400).contains(token.utf8.count), "token is \(token.utf8.count) bytes, expected about 1 KB")
    }
}

/// A five-key JWKS document (a current key and four previous ones), for `keys/jwks-parse` only.
public let fiveKeyJWKS: String = {
    let five = TestIssuer(keyID: "ins_five_0", clock: .fixed(Fixture.issuedAt))
    for k in 1..<5 { five.rotateKey(keyID: "ins_five_\(k)", keepPrevious: true) }
    let text = five.jwksJSON
    precondition((try? SessionKeySet(jwksText: text))?.keys.count == 5, "the five-key set does not parse to five keys")
    return text
}()

/// Built on first use (global lets are lazy and thread-safe), so `benchmark list` stays fast.
public let fixture = Fixture()
