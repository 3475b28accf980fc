import ClerkTesting
import Testing

@testable import ClerkSession

/// Machine tokens through ``SessionTokenVerifier/verify(_:accepting:)``: M2M JWTs (with or without the M2M
/// category), OAuth JWT access tokens, the kind each endpoint accepts, opaque tokens (refused locally), the
/// verified-token cache judging a machine entry again on every hit, and the small value types.
@Suite("Machine tokens")
struct MachineTokenTests {
    let clock = TestClock()
    let issuer: TestIssuer

    init() { issuer = TestIssuer(clock: clock.clock) }

    func verifier(authorizedParties: Set<String> = []) -> SessionTokenVerifier {
        SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], authorizedParties: authorizedParties, clock: clock.clock),
            keySet: issuer.keySet)
    }

    /// The machine identity `token` verifies to under `kinds`.
    func machine(_ token: String, _ kinds: AcceptedTokenKinds, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> MachineIdentity
    {
        let identity = try verifier().verify(token, accepting: kinds)
        return try #require(identity.machine, "verified as \(identity.kind)", sourceLocation: sourceLocation)
    }

    /// Expects `body` to fail with `code`.
    @discardableResult
    func expectCode(
        _ code: ClerkVerificationError.Code, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws(ClerkVerificationError) -> Void
    ) -> ClerkVerificationError? {
        let error = #expect(
            throws: ClerkVerificationError.self, "verified but expected \(code)", sourceLocation: sourceLocation
        ) {
            try body()
        }
        if let error { #expect(error.code == code, "\(error)", sourceLocation: sourceLocation) }
        return error
    }

    /// Expects `token` under `kinds` to fail with `code`.
    @discardableResult
    func expectCode(
        _ code: ClerkVerificationError.Code, _ token: String, _ kinds: AcceptedTokenKinds,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ClerkVerificationError? {
        let v = verifier()
        return expectCode(code, sourceLocation: sourceLocation) { () throws(ClerkVerificationError) in
            _ = try v.verify(token, accepting: kinds)
        }
    }

    /// M2M claims without the claims named in `removing`.
    func m2mClaims(removing names: Set<String>, issuer iss: String? = nil) -> [(name: String, value: ClaimValue)] {
        issuer.m2mClaims(issuer: iss).filter { !names.contains($0.name) }
    }

    // MARK: M2M JWTs

    @Test("An M2M JWT with the M2M cat verifies under [.m2mToken], with every identity field")
    func m2mWithCategoryVerifies() throws {
        let token = issuer.m2mToken(
            machineID: "mch_2caller", scopes: ["mch_2orders", "mch_2billing"], issuer: issuer.issuer,
            extra: [("env", "production")])
        let m = try machine(token, .m2mToken)
        #expect(m.kind == .m2mToken)
        #expect(m.id.hasPrefix("mt_"))
        #expect(m.id.utf8.count == 35)
        #expect(m.subject == "mch_2caller")
        #expect(m.machineID == "mch_2caller")
        #expect(m.userID == nil)
        #expect(m.organizationID == nil)
        #expect(m.clientID == nil)
        #expect(m.name == nil)
        #expect(m.scopes == ["mch_2orders", "mch_2billing"])
        #expect(m.isVerifiedLocally)
        #expect(m.expiresAtSeconds == clock.now + 300)
        #expect(m.issuedAtSeconds == clock.now)
        #expect(m.has(scope: "mch_2orders"))
        #expect(m.has(scopes: ["mch_2orders", "mch_2billing"]))
        #expect(!m.has(scope: "mch_2other"))
    }

    @Test("The id of an M2M JWT is its jti")
    func m2mIDIsJTI() throws {
        var claims = m2mClaims(removing: ["jti"])
        claims.append(("jti", "mt_0123456789abcdef0123456789abcdef"))
        let m = try machine(issuer.token(header: issuer.m2mHeader(), claims: claims), .m2mToken)
        #expect(m.id == "mt_0123456789abcdef0123456789abcdef")
        let noJTI = try machine(
            issuer.token(header: issuer.m2mHeader(), claims: m2mClaims(removing: ["jti"])), .m2mToken)
        #expect(noJTI.id == "")
    }

    @Test("Scopes come from aud when the scopes claim is absent")
    func m2mScopesFromAudience() throws {
        var claims = m2mClaims(removing: ["scopes", "aud"])
        claims.append(("aud", ["mch_2a", "mch_2b"]))
        let m = try machine(issuer.token(header: issuer.m2mHeader(), claims: claims), .m2mToken)
        #expect(m.scopes == ["mch_2a", "mch_2b"])
        let bare = try machine(
            issuer.token(header: issuer.m2mHeader(), claims: m2mClaims(removing: ["scopes", "aud"])), .m2mToken)
        #expect(bare.scopes.isEmpty)
    }

    @Test("claims leaves out iss, sub, exp, nbf, iat and jti, and keeps aud, scopes and custom claims")
    func m2mClaimsMapping() throws {
        let token = issuer.m2mToken(
            scopes: ["mch_2peer"], issuer: issuer.issuer, extra: [("env", "production"), ("tier", 3)])
        let claims = try #require(try machine(token, .m2mToken).claims)
        guard case .object(let members) = claims else {
            Issue.record("claims is not an object: \(claims)")
            return
        }
        #expect(Set(members.map(\.name)) == ["aud", "scopes", "env", "tier"])
        #expect(claims["env"] == "production")
        #expect(claims["tier"]?.doubleValue == 3)
        #expect(claims["scopes"] == "mch_2peer")
        #expect(claims["aud"] == ["mch_2peer"])
        for structural in ["iss", "sub", "exp", "nbf", "iat", "jti"] {
            #expect(claims[structural] == nil, "\(structural) kept")
        }
    }

    @Test("claims is nil when only structural claims are left")
    func m2mClaimsNilWhenEmpty() throws {
        let token = issuer.token(header: issuer.m2mHeader(), claims: m2mClaims(removing: ["scopes", "aud"]))
        #expect(try machine(token, .m2mToken).claims == nil)
    }

    @Test("An M2M JWT without cat (minted before the category) verifies")
    func m2mWithoutCategoryVerifies() throws {
        let token = issuer.m2mToken(machineID: "mch_2legacy", category: .some(nil))
        let m = try machine(token, .m2mToken)
        #expect(m.kind == .m2mToken)
        #expect(m.machineID == "mch_2legacy")
    }

    @Test("An M2M JWT without typ verifies")
    func m2mWithoutTypeVerifies() throws {
        let header: [(name: String, value: ClaimValue)] = [
            ("alg", "RS256"), ("cat", .string(SessionTokenVerifier.m2mCategory)),
            ("kid", .string(issuer.currentKey.keyID)),
        ]
        let m = try machine(issuer.token(header: header, claims: issuer.m2mClaims()), .m2mToken)
        #expect(m.kind == .m2mToken)
    }

    @Test("An M2M JWT with the session cat is refused")
    func m2mWithSessionCategoryIsRefused() {
        let token = issuer.m2mToken(category: .some(SessionTokenVerifier.sessionCategory))
        expectCode(.tokenTypeMismatch, token, .m2mToken)
        expectCode(.tokenTypeMismatch, token, .any)
    }

    @Test("An M2M JWT with the neutral cat is refused")
    func m2mWithNeutralCategoryIsRefused() {
        let token = issuer.m2mToken(category: .some(SessionTokenVerifier.neutralCategory))
        expectCode(.tokenTypeMismatch, token, .m2mToken)
        expectCode(.tokenTypeMismatch, token, .any)
    }

    @Test("An M2M JWT with the JWT-template cat is refused")
    func m2mWithTemplateCategoryIsRefused() {
        let token = issuer.m2mToken(category: .some(SessionTokenVerifier.templateCategory))
        expectCode(.tokenTypeMismatch, token, .m2mToken)
        expectCode(.tokenTypeMismatch, token, .any)
    }

    @Test("An M2M cat on a token whose subject is not a machine is refused")
    func m2mCategoryWithUserSubjectIsRefused() {
        let token = issuer.m2mToken(machineID: "user_2notamachine")
        expectCode(.tokenTypeMismatch, token, .m2mToken)
        expectCode(.tokenTypeMismatch, token, .any)
    }

    @Test("An M2M JWT (with or without cat) is refused by the default verify(_:)")
    func m2mRefusedByDefaultVerify() {
        let v = verifier()
        for token in [issuer.m2mToken(), issuer.m2mToken(category: .some(nil))] {
            expectCode(.tokenTypeMismatch) { () throws(ClerkVerificationError) in _ = try v.verify(token) }
        }
    }

    @Test("An M2M JWT (with or without cat) is refused under [.sessionToken]")
    func m2mRefusedUnderSessions() {
        expectCode(.tokenTypeMismatch, issuer.m2mToken(), .sessionToken)
        expectCode(.tokenTypeMismatch, issuer.m2mToken(category: .some(nil)), .sessionToken)
        expectCode(.tokenTypeMismatch, issuer.m2mToken(), [.sessionToken, .oauthToken, .apiKey])
    }

    @Test("An expired M2M JWT fails with token-expired")
    func m2mExpired() {
        let token = issuer.m2mToken(issuedAt: clock.now - 400, lifetime: 300)
        expectCode(.tokenExpired, token, .m2mToken)
    }

    @Test("An M2M JWT not yet valid, or issued in the future, is refused")
    func m2mNotYetValid() {
        expectCode(.tokenNotActiveYet, issuer.m2mToken(issuedAt: clock.now + 60), .m2mToken)
        var claims = m2mClaims(removing: ["nbf", "iat"])
        claims.append(("iat", .double(clock.now + 60)))
        expectCode(.tokenIssuedInTheFuture, issuer.token(header: issuer.m2mHeader(), claims: claims), .m2mToken)
    }

    @Test("An M2M JWT with an unconfigured iss fails with token-invalid-issuer")
    func m2mUnconfiguredIssuer() {
        let token = issuer.m2mToken(issuer: "https://clerk.other.test")
        expectCode(.tokenInvalidIssuer, token, .m2mToken)
        // Same text up to a Unicode look-alike is another issuer.
        expectCode(.tokenInvalidIssuer, issuer.m2mToken(issuer: issuer.issuer + "\u{0301}"), .m2mToken)
    }

    @Test("An M2M JWT with the configured iss verifies, and one with no iss verifies")
    func m2mIssuerOptional() throws {
        #expect(try machine(issuer.m2mToken(issuer: issuer.issuer), .m2mToken).kind == .m2mToken)
        #expect(try machine(issuer.m2mToken(issuer: nil), .m2mToken).kind == .m2mToken)
    }

    @Test("An M2M JWT without exp fails with token-missing-claim")
    func m2mMissingExpiry() {
        let token = issuer.token(header: issuer.m2mHeader(), claims: m2mClaims(removing: ["exp"]))
        expectCode(.tokenMissingClaim, token, .m2mToken)
    }

    @Test("The mch_ prefix is matched as bytes: an M2M cat on a look-alike subject is refused")
    func m2mSubjectPrefixIsExact() {
        expectCode(.tokenTypeMismatch, issuer.m2mToken(machineID: "MCH_2test"), .m2mToken)
        expectCode(.tokenTypeMismatch, issuer.m2mToken(machineID: "mch\u{2010}2test"), .m2mToken)
    }

    @Test("Authorized parties configured for sessions apply to M2M JWTs: one without azp is refused")
    func m2mAuthorizedParties() {
        let v = verifier(authorizedParties: [issuer.defaultAuthorizedParty])
        let token = issuer.m2mToken()
        expectCode(.tokenInvalidAuthorizedParties) { () throws(ClerkVerificationError) in
            _ = try v.verify(token, accepting: .m2mToken)
        }
    }

    @Test("A forged signature on an M2M JWT fails with token-invalid-signature")
    func m2mForgedSignature() {
        let forged = issuer.token(
            header: issuer.m2mHeader(), claims: issuer.m2mClaims(), signingKey: TestSigningKey())
        expectCode(.tokenInvalidSignature, forged, .m2mToken)
        // The genuine signature over other claims.
        let genuine = issuer.m2mToken(machineID: "mch_2genuine").split(separator: ".")
        let other = issuer.m2mToken(machineID: "mch_2intruder").split(separator: ".")
        expectCode(.tokenInvalidSignature, "\(genuine[0]).\(other[1]).\(genuine[2])", .m2mToken)
    }

    // MARK: OAuth JWT access tokens

    @Test("An OAuth JWT with typ at+jwt verifies under [.oauthToken]")
    func oauthAtJWTVerifies() throws {
        let token = issuer.oauthAccessToken(
            userID: "user_2owner", clientID: "client_2app", scopes: ["profile", "email", "read:orders"])
        let m = try machine(token, .oauthToken)
        #expect(m.kind == .oauthToken)
        #expect(m.id.hasPrefix("oat_"))
        #expect(m.subject == "user_2owner")
        #expect(m.userID == "user_2owner")
        #expect(m.clientID == "client_2app")
        #expect(m.machineID == nil)
        #expect(m.scopes == ["profile", "email", "read:orders"])
        #expect(m.has(scope: "read:orders"))
        #expect(m.isVerifiedLocally)
        #expect(m.expiresAtSeconds == clock.now + 3600)
    }

    @Test("An OAuth JWT with typ application/at+jwt verifies under [.oauthToken]")
    func oauthMediaTypeVerifies() throws {
        let m = try machine(issuer.oauthAccessToken(clientID: "client_2media", type: "application/at+jwt"), .oauthToken)
        #expect(m.kind == .oauthToken)
        #expect(m.clientID == "client_2media")
        #expect(m.scopes == ["profile", "email"])
    }

    @Test("OAuth scopes come from the scp array when present")
    func oauthScopesFromSCP() throws {
        let token = issuer.oauthAccessToken(scopes: ["ignored"], extra: [("scp", ["a:read", "b:write"])])
        #expect(try machine(token, .oauthToken).scopes == ["a:read", "b:write"])
    }

    @Test("OAuth typ is exact: AT+JWT and at+JWT are refused")
    func oauthTypeIsExact() {
        for type in ["AT+JWT", "at+JWT", "application/AT+JWT", "at+jwt "] {
            expectCode(.tokenInvalidType, issuer.oauthAccessToken(type: type), .any)
        }
    }

    @Test("An OAuth JWT with any cat is refused")
    func oauthWithCategoryIsRefused() {
        let categories = [
            SessionTokenVerifier.sessionCategory, SessionTokenVerifier.neutralCategory,
            SessionTokenVerifier.m2mCategory, SessionTokenVerifier.templateCategory, "cl_unknown",
        ]
        for cat in categories {
            var header = issuer.oauthHeader()
            header.append(("cat", .string(cat)))
            expectCode(.tokenTypeMismatch, issuer.token(header: header, claims: issuer.oauthClaims()), .oauthToken)
            expectCode(.tokenTypeMismatch, issuer.token(header: header, claims: issuer.oauthClaims()), .any)
        }
    }

    @Test("An OAuth JWT whose subject is a machine fails with token-invalid-type")
    func oauthWithMachineSubject() {
        let token = issuer.oauthAccessToken(userID: "mch_2robot")
        expectCode(.tokenInvalidType, token, .oauthToken)
        expectCode(.tokenInvalidType, token, .any)
    }

    @Test("An OAuth JWT is refused under sessions only")
    func oauthRefusedUnderSessions() {
        let token = issuer.oauthAccessToken()
        expectCode(.tokenTypeMismatch, token, .sessionToken)
        let v = verifier()
        expectCode(.tokenTypeMismatch) { () throws(ClerkVerificationError) in _ = try v.verify(token) }
    }

    @Test("An OAuth JWT is refused under [.m2mToken]")
    func oauthRefusedUnderM2M() {
        expectCode(.tokenTypeMismatch, issuer.oauthAccessToken(), .m2mToken)
    }

    @Test("An OAuth JWT with an unconfigured iss fails with token-invalid-issuer")
    func oauthUnconfiguredIssuer() {
        let claims = issuer.oauthClaims().map { member in
            member.name == "iss" ? (name: "iss", value: ClaimValue.string("https://evil.test")) : member
        }
        expectCode(.tokenInvalidIssuer, issuer.token(header: issuer.oauthHeader(), claims: claims), .oauthToken)
    }

    // MARK: Session tokens and the accepted set

    @Test("A session token under [.m2mToken] fails with token-type-mismatch")
    func sessionUnderM2M() {
        expectCode(.tokenTypeMismatch, issuer.sessionToken(), .m2mToken)
        expectCode(.tokenTypeMismatch, issuer.sessionToken(), .machine)
    }

    @Test("A session token under .any verifies as a session")
    func sessionUnderAny() throws {
        let identity = try verifier().verify(issuer.sessionToken(userID: "user_2any"), accepting: .any)
        #expect(identity.kind == .sessionToken)
        #expect(identity.session?.userID == "user_2any")
        #expect(identity.machine == nil)
        #expect(identity.subject == "user_2any")
    }

    @Test("A JWT-template token under .any fails with token-type-mismatch")
    func templateUnderAny() {
        var header = issuer.sessionHeader()
        header.removeAll { $0.name == "cat" }
        header.append(("cat", .string(SessionTokenVerifier.templateCategory)))
        let token = issuer.token(header: header, claims: issuer.sessionClaims())
        expectCode(.tokenTypeMismatch, token, .any)
        expectCode(.tokenTypeMismatch, token, .sessionToken)
    }

    // MARK: Opaque tokens

    @Test(
        "An opaque machine token is a mismatch when its kind is not accepted",
        arguments: [
            ("mt_0123456789abcdef0123456789abcdef", ClerkTokenKind.m2mToken),
            ("ak_0123456789abcdef0123456789abcdef", .apiKey),
            ("oat_0123456789abcdef0123456789abcdef", .oauthToken),
        ])
    func opaqueNotAccepted(token: String, kind: ClerkTokenKind) {
        #expect(ClerkTokenKind.opaqueKind(of: token) == kind)
        var others = AcceptedTokenKinds.any
        others.remove(AcceptedTokenKinds(kind))
        expectCode(.tokenTypeMismatch, token, others)
        expectCode(.tokenTypeMismatch, token, .sessionToken)
        let v = verifier()
        expectCode(.tokenTypeMismatch) { () throws(ClerkVerificationError) in _ = try v.verify(token) }
    }

    @Test(
        "An opaque machine token is token-invalid when accepted (the Backend API verifies it, not this)",
        arguments: [
            ("mt_0123456789abcdef0123456789abcdef", ClerkTokenKind.m2mToken),
            ("ak_0123456789abcdef0123456789abcdef", .apiKey),
            ("oat_0123456789abcdef0123456789abcdef", .oauthToken),
        ])
    func opaqueAccepted(token: String, kind: ClerkTokenKind) {
        expectCode(.tokenMalformed, token, AcceptedTokenKinds(kind))
        expectCode(.tokenMalformed, token, .any)
    }

    @Test("A token with a machine prefix and three segments is a JWT, not opaque")
    func prefixedJWTIsNotOpaque() {
        #expect(ClerkTokenKind.opaqueKind(of: "mt_a.b.c") == nil)
        #expect(ClerkTokenKind.opaqueKind(of: "ak_a.b.c") == nil)
        #expect(ClerkTokenKind.opaqueKind(of: "oat_a.b.c") == nil)
        #expect(ClerkTokenKind.opaqueKind(of: "mt_") == .m2mToken)
        #expect(ClerkTokenKind.opaqueKind(of: "MT_abc") == nil)
        #expect(ClerkTokenKind.opaqueKind(of: "oa_abc") == nil)
        #expect(ClerkTokenKind.opaqueKind(of: "") == nil)
        // Taken down the JWT path, where it is malformed, not a mismatch.
        expectCode(.tokenMalformed, "mt_a.b.c", .sessionToken)
    }

    // MARK: The cache

    @Test("A cached M2M JWT returns the same identity")
    func cachedM2MHit() throws {
        let v = verifier()
        let token = issuer.m2mToken(machineID: "mch_2cached")
        let first = try #require(try v.verify(token, accepting: .m2mToken).machine)
        let second = try #require(try v.verify(token, accepting: .m2mToken).machine)
        #expect(v.cache?.count == 1)
        #expect(first.id == second.id)
        #expect(second.subject == "mch_2cached")
        #expect(second.scopes == first.scopes)
        #expect(second.expiresAtSeconds == first.expiresAtSeconds)
        #expect(v.cache?.lookup(token)?.identity.machine?.id == first.id)
    }

    @Test("A cached M2M JWT is judged again: a narrower accepted set is a mismatch")
    func cachedM2MNarrowed() throws {
        let v = verifier()
        let token = issuer.m2mToken()
        _ = try v.verify(token, accepting: [.sessionToken, .m2mToken])
        #expect(v.cache?.count == 1)
        expectCode(.tokenTypeMismatch) { () throws(ClerkVerificationError) in
            _ = try v.verify(token, accepting: .sessionToken)
        }
        expectCode(.tokenTypeMismatch) { () throws(ClerkVerificationError) in _ = try v.verify(token) }
        expectCode(.tokenTypeMismatch) { () throws(ClerkVerificationError) in
            _ = try v.verify(token, accepting: .oauthToken)
        }
        // And still served where it is accepted.
        #expect(try v.verify(token, accepting: .m2mToken).kind == .m2mToken)
    }

    @Test("A cached M2M JWT expires: token-expired once the clock passes exp")
    func cachedM2MExpires() throws {
        let v = verifier()
        let token = issuer.m2mToken(lifetime: 300)
        _ = try v.verify(token, accepting: .m2mToken)
        #expect(v.cache?.count == 1)
        clock.advance(by: 306)
        expectCode(.tokenExpired) { () throws(ClerkVerificationError) in
            _ = try v.verify(token, accepting: .m2mToken)
        }
    }

    @Test("A cached session token is a mismatch under [.m2mToken]")
    func cachedSessionNarrowed() throws {
        let v = verifier()
        let token = issuer.sessionToken()
        _ = try v.verify(token)
        expectCode(.tokenTypeMismatch) { () throws(ClerkVerificationError) in
            _ = try v.verify(token, accepting: .m2mToken)
        }
        #expect(try v.verify(token, accepting: .any).kind == .sessionToken)
    }

    // MARK: AcceptedTokenKinds

    @Test("AcceptedTokenKinds(parsing:) reads any and comma-separated names")
    func parsingAccepted() throws {
        #expect(try AcceptedTokenKinds(parsing: "any") == .any)
        #expect(try AcceptedTokenKinds(parsing: "m2m_token,api_key") == [.m2mToken, .apiKey])
        #expect(try AcceptedTokenKinds(parsing: " session_token , oauth_token ") == [.sessionToken, .oauthToken])
        #expect(try AcceptedTokenKinds(parsing: "session_token") == .sessionToken)
        #expect(try AcceptedTokenKinds(parsing: "m2m_token,api_key,oauth_token") == .machine)
        #expect(try AcceptedTokenKinds(parsing: "m2m_token,m2m_token") == .m2mToken)
    }

    @Test(
        "AcceptedTokenKinds(parsing:) refuses empty lists and unknown names",
        arguments: [
            "", "bogus", "M2M_TOKEN", "Any", "m2m_token,", ",api_key", "api_key;oauth_token", "m2m_token\u{00A0}",
        ])
    func parsingRefused(text: String) {
        let error = #expect(throws: ClerkVerificationError.self, "parsed \"\(text)\"") {
            try AcceptedTokenKinds(parsing: text)
        }
        #expect(error?.code == .configurationInvalid)
    }

    @Test("AcceptedTokenKinds description: any, or Clerk's names in a fixed order")
    func acceptedDescription() throws {
        #expect(AcceptedTokenKinds.any.description == "any")
        #expect(AcceptedTokenKinds.sessionToken.description == "session_token")
        #expect(([.apiKey, .m2mToken] as AcceptedTokenKinds).description == "m2m_token,api_key")
        #expect(AcceptedTokenKinds.machine.description == "m2m_token,api_key,oauth_token")
        #expect(([] as AcceptedTokenKinds).description == "")
        for kinds in [AcceptedTokenKinds.any, .machine, [.sessionToken, .oauthToken], .apiKey] {
            #expect(try AcceptedTokenKinds(parsing: kinds.description) == kinds)
        }
    }

    @Test("AcceptedTokenKinds.any accepts all four kinds; each single set accepts only its own")
    func anyAcceptsEverything() {
        for kind in ClerkTokenKind.allCases {
            #expect(AcceptedTokenKinds.any.accepts(kind))
            let single = AcceptedTokenKinds(kind)
            #expect(single.kinds == [kind])
            #expect(ClerkTokenKind.allCases.filter(single.accepts) == [kind])
        }
        #expect(AcceptedTokenKinds.any.kinds == ClerkTokenKind.allCases)
        #expect(AcceptedTokenKinds(rawValue: 0xFF) == .any)
        #expect(AcceptedTokenKinds(ClerkTokenKind.allCases) == .any)
        #expect(!AcceptedTokenKinds.machine.accepts(.sessionToken))
    }

    // MARK: MachineIdentity

    @Test("has(scope:) compares bytes: KELVIN SIGN is not K, and composed is not decomposed")
    func scopesAreByteExact() {
        let identity = MachineIdentity(
            kind: .apiKey, id: "ak_1", subject: "user_1", scopes: ["\u{212A}", "caf\u{E9}"], expiresAtSeconds: nil)
        #expect(identity.has(scope: "\u{212A}"))
        #expect(!identity.has(scope: "K"))
        #expect(!identity.has(scope: "k"))
        #expect(identity.has(scope: "caf\u{E9}"))
        #expect(!identity.has(scope: "cafe\u{301}"))
        #expect(!identity.has(scopes: ["\u{212A}", "K"]))
        #expect(identity.has(scopes: []))
        let plain = MachineIdentity(
            kind: .apiKey, id: "ak_2", subject: "user_1", scopes: ["K"], expiresAtSeconds: nil)
        #expect(!plain.has(scope: "\u{212A}"))
        #expect(plain.userID == "user_1")
        #expect(!plain.isVerifiedLocally)
    }
}
