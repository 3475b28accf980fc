import ClerkSession

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A stand-in for a Clerk instance in tests: RSA keys, a JWKS, and realistic session tokens.
///
/// ```swift
/// let issuer = TestIssuer()
/// let token = issuer.sessionToken(userID: "user_1", sessionID: "sess_1")
/// let verifier = SessionTokenVerifier(configuration: .init(issuer: issuer.issuer), keySet: issuer.keySet)
/// let session = try verifier.verify(token)
/// ```
///
/// Tokens look like Clerk's v2 session tokens (`v: 2`, `exp = iat + 60`, `nbf = iat - 10`, `kid` = the
/// instance id) unless told otherwise; ``token(header:claims:signingKey:)`` signs anything at all, for
/// hostile cases. ``rotateKey(keyID:keepPrevious:)`` simulates Clerk rotating the instance key.
public final class TestIssuer: Sendable {
    /// One published key.
    public struct PublishedKey: Sendable {
        public let keyID: String
        public let signingKey: TestSigningKey
    }

    private struct State: Sendable {
        var current: PublishedKey
        var previous: [PublishedKey]
    }

    /// The `iss` of minted tokens: `https://<frontendAPIHost>`.
    public let issuer: String
    /// The Frontend API host encoded in ``publishableKey``.
    public let frontendAPIHost: String
    /// The authorized party (`azp`) minted tokens carry by default.
    public let defaultAuthorizedParty: String
    /// The clock used for `iat`/`exp` when no time is given.
    public let clock: ClerkClock
    private let state: Locked<State>

    /// A test instance. Key generation takes a few milliseconds to a few hundred.
    public init(
        frontendAPIHost: String = "clerk.example.test", keyID: String = "ins_test_main",
        authorizedParty: String = "https://app.example.test", clock: ClerkClock = .system,
        signingKey: TestSigningKey? = nil
    ) {
        self.frontendAPIHost = frontendAPIHost
        self.issuer = "https://\(frontendAPIHost)"
        self.defaultAuthorizedParty = authorizedParty
        self.clock = clock
        self.state = Locked(
            State(current: PublishedKey(keyID: keyID, signingKey: signingKey ?? TestSigningKey()), previous: []))
    }

    /// The publishable key of this instance (`pk_test_…`), from which ``issuer`` derives.
    public var publishableKey: String { PublishableKey.encode(host: frontendAPIHost) }

    /// The key currently used to sign.
    public var currentKey: PublishedKey { state.withLock { $0.current } }

    /// Every published key, current first.
    public var publishedKeys: [PublishedKey] { state.withLock { [$0.current] + $0.previous } }

    /// Replaces the signing key. `keyID` nil keeps the current `kid` (Clerk's `kid` is the instance id,
    /// so a real rotation can keep it). With `keepPrevious`, the old key stays published (an overlap).
    @discardableResult
    public func rotateKey(keyID: String? = nil, keepPrevious: Bool = false, signingKey: TestSigningKey? = nil)
        -> PublishedKey
    {
        let fresh = signingKey ?? TestSigningKey()
        return state.withLock { s in
            let next = PublishedKey(keyID: keyID ?? s.current.keyID, signingKey: fresh)
            s.previous = keepPrevious ? [s.current] + s.previous : []
            s.current = next
            return next
        }
    }

    /// The JWKS document of the published keys.
    public var jwks: ClaimValue {
        .object([("keys", .array(publishedKeys.map { $0.signingKey.jwk(keyID: $0.keyID) }))])
    }

    /// The JWKS document as JSON text.
    public var jwksJSON: String { jwks.jsonText }

    /// The published keys as the verifier's key set, scoped to ``issuer``.
    public var keySet: SessionKeySet {
        // The test issuer's own keys always satisfy the key policy.
        try! SessionKeySet(jwksText: jwksJSON, issuer: issuer)
    }

    /// The default lifetime of a session token, in seconds: 600, not Clerk's 60, so that a test that waits its
    /// turn in a loaded parallel run still holds a valid token. Pass `lifetime: 60` to mint what Clerk mints.
    public static let defaultSessionLifetime: Double = 600

    /// Clerk-like session claims (v2 unless `version` is 1), in Clerk's order.
    ///
    /// `lifetime` defaults to ``defaultSessionLifetime``.
    public func sessionClaims(
        userID: String = "user_2test", sessionID: String = "sess_2test",
        authorizedParty: String?? = .none, issuedAt: Double? = nil,
        lifetime: Double = TestIssuer.defaultSessionLifetime,
        version: Int = 2, organization: ClaimValue? = nil,
        extra: [(name: String, value: ClaimValue)] = []
    ) -> [(name: String, value: ClaimValue)] {
        let iat = (issuedAt ?? clock.now()).rounded(.down)
        var claims: [(name: String, value: ClaimValue)] = []
        let azp: String? = authorizedParty ?? defaultAuthorizedParty
        if let azp { claims.append(("azp", .string(azp))) }
        claims.append(("exp", .double(iat + lifetime)))
        if version == 2 { claims.append(("fva", [.integer(0), .integer(-1)])) }
        claims.append(("iat", .double(iat)))
        claims.append(("iss", .string(issuer)))
        claims.append(("jti", .string("jti_\(UInt64.random(in: 1...UInt64.max))")))
        claims.append(("nbf", .double(iat - 10)))
        if let organization { claims.append(("o", organization)) }
        claims.append(("sid", .string(sessionID)))
        if version == 2 { claims.append(("sts", "active")) }
        claims.append(("sub", .string(userID)))
        if version == 2 { claims.append(("v", 2)) }
        claims.append(contentsOf: extra)
        return claims
    }

    /// A signed session token with Clerk-like claims (see ``sessionClaims(userID:sessionID:authorizedParty:issuedAt:lifetime:version:organization:extra:)``).
    public func sessionToken(
        userID: String = "user_2test", sessionID: String = "sess_2test",
        authorizedParty: String?? = .none, issuedAt: Double? = nil,
        lifetime: Double = TestIssuer.defaultSessionLifetime,
        version: Int = 2, organization: ClaimValue? = nil,
        extra: [(name: String, value: ClaimValue)] = []
    ) -> String {
        token(
            claims: sessionClaims(
                userID: userID, sessionID: sessionID, authorizedParty: authorizedParty,
                issuedAt: issuedAt, lifetime: lifetime, version: version,
                organization: organization, extra: extra))
    }

    /// The header Clerk puts on session tokens: `alg`, `cat`, `kid`, `typ`.
    public func sessionHeader(keyID: String? = nil) -> [(name: String, value: ClaimValue)] {
        [
            ("alg", "RS256"), ("cat", .string(SessionTokenVerifier.sessionCategory)),
            ("kid", .string(keyID ?? currentKey.keyID)), ("typ", "JWT"),
        ]
    }

    /// Signs any claims under any header, with the current key unless another is given.
    public func token(
        header: [(name: String, value: ClaimValue)]? = nil, claims: [(name: String, value: ClaimValue)],
        signingKey: TestSigningKey? = nil
    ) -> String {
        token(
            headerJSON: ClaimValue.object(header ?? sessionHeader()).jsonText,
            claimsJSON: ClaimValue.object(claims).jsonText, signingKey: signingKey)
    }

    /// Signs raw header and payload JSON texts (for malformed-JSON cases), with RS256 by default.
    public func token(
        headerJSON: String, claimsJSON: String, signingKey: TestSigningKey? = nil,
        digest: String = "SHA256", pss: Bool = false
    ) -> String {
        let signingInput = Base64URL.encode(Array(headerJSON.utf8)) + "." + Base64URL.encode(Array(claimsJSON.utf8))
        let key = signingKey ?? currentKey.signingKey
        let signature = key.sign(Array(signingInput.utf8), digest: digest, pss: pss)
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Signs an exact signing input (`<header b64>.<payload b64>`, possibly non-canonical) as given.
    public func sign(signingInput: String, signingKey: TestSigningKey? = nil) -> String {
        let key = signingKey ?? currentKey.signingKey
        return signingInput + "." + Base64URL.encode(key.sign(Array(signingInput.utf8)))
    }
}

// MARK: Machine tokens

extension TestIssuer {
    /// Clerk-like M2M JWT claims: `sub` the machine, `scopes` (space-separated) and `aud` the machines it
    /// may call, `jti` an `mt_` id, `exp = iat + lifetime`, `nbf = iat - 10`; `iss` only when given.
    public func m2mClaims(
        machineID: String = "mch_2test", scopes: [String] = ["mch_2peer"], issuedAt: Double? = nil,
        lifetime: Double = 300, issuer: String? = nil, extra: [(name: String, value: ClaimValue)] = []
    ) -> [(name: String, value: ClaimValue)] {
        let iat = (issuedAt ?? clock.now()).rounded(.down)
        var claims: [(name: String, value: ClaimValue)] = []
        claims.append(("aud", .array(scopes.map { .string($0) })))
        claims.append(("exp", .double(iat + lifetime)))
        claims.append(("iat", .double(iat)))
        if let issuer { claims.append(("iss", .string(issuer))) }
        claims.append(("jti", .string("mt_\(Self.hex32())")))
        claims.append(("nbf", .double(iat - 10)))
        claims.append(("scopes", .string(scopes.joined(separator: " "))))
        claims.append(("sub", .string(machineID)))
        claims.append(contentsOf: extra)
        return claims
    }

    /// The header of an M2M JWT: `alg`, `cat` (the M2M category unless `category` says otherwise; `.some(nil)`
    /// leaves it out, as on tokens minted before 2026-05-27), `kid`, `typ: JWT`.
    public func m2mHeader(category: String?? = .none, keyID: String? = nil) -> [(name: String, value: ClaimValue)] {
        var header: [(name: String, value: ClaimValue)] = [("alg", "RS256")]
        let cat: String? = category ?? SessionTokenVerifier.m2mCategory
        if let cat { header.append(("cat", .string(cat))) }
        header.append(("kid", .string(keyID ?? currentKey.keyID)))
        header.append(("typ", "JWT"))
        return header
    }

    /// A signed M2M JWT (see ``m2mClaims(machineID:scopes:issuedAt:lifetime:issuer:extra:)``).
    public func m2mToken(
        machineID: String = "mch_2test", scopes: [String] = ["mch_2peer"], issuedAt: Double? = nil,
        lifetime: Double = 300, category: String?? = .none, issuer: String? = nil,
        extra: [(name: String, value: ClaimValue)] = []
    ) -> String {
        token(
            header: m2mHeader(category: category),
            claims: m2mClaims(
                machineID: machineID, scopes: scopes, issuedAt: issuedAt, lifetime: lifetime, issuer: issuer,
                extra: extra))
    }

    /// Clerk-like OAuth JWT access-token claims: `client_id`, `sub` the user, `scope` (space-separated),
    /// `jti` an `oat_` id, `iss` this instance, `azp` the default party, `exp = iat + lifetime`.
    public func oauthClaims(
        userID: String = "user_2test", clientID: String = "client_2test", scopes: [String] = ["profile", "email"],
        issuedAt: Double? = nil, lifetime: Double = 3600, extra: [(name: String, value: ClaimValue)] = []
    ) -> [(name: String, value: ClaimValue)] {
        let iat = (issuedAt ?? clock.now()).rounded(.down)
        var claims: [(name: String, value: ClaimValue)] = []
        claims.append(("azp", .string(defaultAuthorizedParty)))
        claims.append(("client_id", .string(clientID)))
        claims.append(("exp", .double(iat + lifetime)))
        claims.append(("iat", .double(iat)))
        claims.append(("iss", .string(issuer)))
        claims.append(("jti", .string("oat_\(Self.hex32())")))
        claims.append(("nbf", .double(iat - 10)))
        claims.append(("scope", .string(scopes.joined(separator: " "))))
        claims.append(("sub", .string(userID)))
        claims.append(contentsOf: extra)
        return claims
    }

    /// The header of an OAuth JWT access token: `alg`, `kid`, `typ` (`at+jwt` by default).
    public func oauthHeader(type: String = "at+jwt", keyID: String? = nil) -> [(name: String, value: ClaimValue)] {
        [("alg", "RS256"), ("kid", .string(keyID ?? currentKey.keyID)), ("typ", .string(type))]
    }

    /// A signed OAuth JWT access token (see ``oauthClaims(userID:clientID:scopes:issuedAt:lifetime:extra:)``).
    public func oauthAccessToken(
        userID: String = "user_2test", clientID: String = "client_2test", scopes: [String] = ["profile", "email"],
        issuedAt: Double? = nil, lifetime: Double = 3600, type: String = "at+jwt",
        extra: [(name: String, value: ClaimValue)] = []
    ) -> String {
        token(
            header: oauthHeader(type: type),
            claims: oauthClaims(
                userID: userID, clientID: clientID, scopes: scopes, issuedAt: issuedAt, lifetime: lifetime,
                extra: extra))
    }

    /// 32 random lowercase hex digits (Clerk's object ids: `mt_<32hex>`).
    static func hex32() -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int.random(in: 0..<16)] })
    }
}
