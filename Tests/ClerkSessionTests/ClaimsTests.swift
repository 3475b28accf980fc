import ClerkTesting
import Foundation
import Testing

@testable import ClerkSession

/// Session claims in both Clerk formats (v1 flat organization claims, v2 packed `o`/`fea`/`fpm`), typed
/// accessors, raw claims, NumericDate handling, and the claim policy switches.
@Suite("Session claims")
struct ClaimsTests {
    static let now: Double = 1_800_000_000
    static let issuer = TestIssuer(clock: .fixed(now))
    static let party = "https://app.example.test"

    static func configuration(skew: Duration = .seconds(5), parties: Set<String> = [party])
        -> SessionTokenVerifier.Configuration
    {
        .init(issuers: [issuer.issuer], authorizedParties: parties, clockSkew: skew, clock: .fixed(now))
    }

    static func verifier(_ configuration: SessionTokenVerifier.Configuration = configuration()) -> SessionTokenVerifier
    {
        SessionTokenVerifier(configuration: configuration, keySet: issuer.keySet)
    }

    static func verify(_ token: String, _ configuration: SessionTokenVerifier.Configuration = configuration()) throws
        -> VerifiedSession
    {
        try verifier(configuration).verify(token)
    }

    /// A token whose claims are the issuer's session claims plus `extra` (v2 unless told otherwise).
    static func token(
        version: Int = 2, organization: ClaimValue? = nil, extra: [(name: String, value: ClaimValue)] = []
    ) -> String {
        issuer.sessionToken(version: version, organization: organization, extra: extra)
    }

    /// A token over an exact claims JSON text.
    static func token(claimsJSON: String) -> String {
        issuer.token(headerJSON: ClaimValue.object(issuer.sessionHeader()).jsonText, claimsJSON: claimsJSON)
    }

    /// Registered claims with `exp`, `nbf` and `iat` spelt as given (raw JSON numbers), or left out when nil.
    static func timedClaims(exp: String? = "1800000060", nbf: String? = nil, iat: String? = nil, extra: String = "")
        -> String
    {
        var members = [
            "\"azp\":\"\(party)\"", "\"iss\":\"\(issuer.issuer)\"", "\"sid\":\"sess_1\"", "\"sub\":\"user_1\"",
        ]
        if let exp { members.append("\"exp\":\(exp)") }
        if let nbf { members.append("\"nbf\":\(nbf)") }
        if let iat { members.append("\"iat\":\(iat)") }
        if !extra.isEmpty { members.append(extra) }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func expectCode(
        _ code: ClerkVerificationError.Code, _ token: String,
        _ configuration: SessionTokenVerifier.Configuration = configuration(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> ClerkVerificationError? {
        let error = #expect(
            throws: ClerkVerificationError.self, "verified but expected \(code)", sourceLocation: sourceLocation
        ) {
            try verifier(configuration).verify(token)
        }
        if let error { #expect(error.code == code, "\(error)", sourceLocation: sourceLocation) }
        return error
    }

    // MARK: Identity and format

    @Test("Identity claims and the v2 marker")
    func identity() throws {
        let session = try Self.verify(Self.issuer.sessionToken(userID: "user_abc", sessionID: "sess_xyz", lifetime: 60))
        #expect(session.userID == "user_abc")
        #expect(session.sessionID == "sess_xyz")
        #expect(session.issuer == Self.issuer.issuer)
        #expect(session.authorizedParty == Self.party)
        #expect(session.tokenID?.hasPrefix("jti_") == true)
        #expect(session.claimsVersion == 2)
        #expect(session.status == .active)
        #expect(session.expiresAtSeconds == Self.now + 60)
        #expect(session.expiresAt == Date(timeIntervalSince1970: Self.now + 60))
        #expect(session.issuedAt == Date(timeIntervalSince1970: Self.now))
        #expect(session.notBefore == Date(timeIntervalSince1970: Self.now - 10))
        let v1 = try Self.verify(Self.token(version: 1))
        #expect(v1.claimsVersion == 1)
        #expect(v1.status == nil)
        #expect(v1.factorVerificationAge == nil)
    }

    // MARK: Organizations

    @Test("v1 organization claims")
    func organizationV1() throws {
        let session = try Self.verify(
            Self.token(
                version: 1,
                extra: [
                    ("org_id", "org_1"), ("org_slug", "acme"), ("org_role", "org:admin"),
                    ("org_permissions", ["org:invoices:read", "org:invoices:manage"]),
                ]))
        let org = try #require(session.organization)
        #expect(org.id == "org_1")
        #expect(org.slug == "acme")
        #expect(org.role == "org:admin")
        #expect(org.permissions == ["org:invoices:read", "org:invoices:manage"])
        #expect(session.has(permission: "org:invoices:read"))
        #expect(!session.has(permission: "org:invoices:delete"))
        #expect(session.has(role: "admin"))
        #expect(session.has(role: "org:admin"))
        #expect(!session.has(role: "member"))
    }

    @Test("v2 organization claims with fea and fpm bitmasks")
    func organizationV2() throws {
        let org: ClaimValue = .object([
            ("id", "org_2"), ("slg", "globex"), ("rol", "admin"), ("per", "read,manage,delete"), ("fpm", "3,5"),
        ])
        let session = try Self.verify(Self.token(organization: org, extra: [("fea", "o:reports,o:billing")]))
        let active = try #require(session.organization)
        #expect(active.id == "org_2")
        #expect(active.slug == "globex")
        #expect(active.role == "org:admin")
        #expect(
            Set(active.permissions) == [
                "org:reports:read", "org:reports:manage", "org:billing:read", "org:billing:delete",
            ])
        #expect(active.permissions.count == 4)
        #expect(session.has(permission: "org:billing:delete"))
        #expect(!session.has(permission: "org:billing:manage"))
        #expect(session.has(role: "admin"))
        #expect(session.has(role: "org:admin"))
        #expect(!session.has(role: "org:member"))
        #expect(session.features == ["o:reports", "o:billing"])
        #expect(session.hasFeature("reports"))
        #expect(session.hasFeature("o:billing"))
        #expect(!session.hasFeature("u:billing"))
    }

    @Test("No organization: no permissions, no role")
    func noOrganization() throws {
        let session = try Self.verify(Self.token())
        #expect(session.organization == nil)
        #expect(!session.has(permission: "org:reports:read"))
        #expect(!session.has(role: "admin"))
    }

    @Test("fpm masks wider than 64 bits are decoded exactly")
    func wideMasks() throws {
        let permissions = (0..<70).map { "p\($0)" }.joined(separator: ",")
        // 2^65 = 36893488147419103232: only bit 65.
        let org: ClaimValue = .object([
            ("id", "org_3"), ("rol", "member"), ("per", .string(permissions)),
            ("fpm", "36893488147419103232,1180591620717411303425"),
        ])
        let session = try Self.verify(Self.token(organization: org, extra: [("fea", "o:wide,o:wider")]))
        let granted = try #require(session.organization).permissions
        // 2^70 + 1 = 1180591620717411303425: bit 0 and bit 70 (past the end of per, so only p0).
        #expect(granted == ["org:wide:p65", "org:wider:p0"])
        #expect(OrganizationPermissions.bitsOfDecimal("36893488147419103232")?.count == 66)
        #expect(OrganizationPermissions.bitsOfDecimal("0") == [false])
        #expect(OrganizationPermissions.bitsOfDecimal("-1") == nil)
        #expect(OrganizationPermissions.bitsOfDecimal("1e3") == nil)
        #expect(OrganizationPermissions.bitsOfDecimal("") == nil)
    }

    @Test("fpm zips with the organization-scoped features only (JS alignment)")
    func javaScriptAlignment() throws {
        let org: ClaimValue = .object([("id", "org_4"), ("rol", "admin"), ("per", "x,y"), ("fpm", "1,2")])
        let session = try Self.verify(Self.token(organization: org, extra: [("fea", "u:a,o:b,o:c")]))
        #expect(try #require(session.organization).permissions == ["org:b:x", "org:c:y"])
        // Scopes "uo" and "ou" are organization-scoped too.
        let mixed = try Self.verify(Self.token(organization: org, extra: [("fea", "uo:b,u:z,ou:c")]))
        #expect(try #require(mixed.organization).permissions == ["org:b:x", "org:c:y"])
        // A malformed mask grants nothing for its feature but does not shift the others.
        let bad: ClaimValue = .object([("id", "org_4"), ("per", "x,y"), ("fpm", "junk,2")])
        let partial = try Self.verify(Self.token(organization: bad, extra: [("fea", "o:b,o:c")]))
        #expect(try #require(partial.organization).permissions == ["org:c:y"])
    }

    // MARK: Actor, fva, sts, plans, features

    @Test("Actor (impersonation)")
    func actor() throws {
        let act: ClaimValue = .object([
            ("sub", "user_support"), ("sid", "sess_support"), ("iss", "https://dashboard.clerk.com"), ("type", "agent"),
        ])
        let session = try Self.verify(Self.token(extra: [("act", act)]))
        #expect(
            session.actor
                == SessionActor(
                    subject: "user_support", sessionID: "sess_support", issuer: "https://dashboard.clerk.com",
                    type: "agent"))
        #expect(try Self.verify(Self.token()).actor == nil)
        #expect(try Self.verify(Self.token(extra: [("act", .object([("type", "agent")]))])).actor == nil)
    }

    @Test("Factor verification age: -1 means never")
    func factorVerificationAge() throws {
        let session = try Self.verify(Self.token())
        #expect(session.factorVerificationAge == FactorVerificationAge(firstFactorMinutes: 0, secondFactorMinutes: nil))
        let claims = Self.timedClaims(extra: "\"fva\":[12,-1]")
        #expect(
            try Self.verify(Self.token(claimsJSON: claims)).factorVerificationAge
                == FactorVerificationAge(firstFactorMinutes: 12, secondFactorMinutes: nil))
        let both = Self.timedClaims(extra: "\"fva\":[3,7]")
        #expect(
            try Self.verify(Self.token(claimsJSON: both)).factorVerificationAge
                == FactorVerificationAge(firstFactorMinutes: 3, secondFactorMinutes: 7))
        for odd in ["[1]", "[1,2,3]", "\"1,2\"", "[1.5,2]", "[1e300,2]"] {
            let session = try Self.verify(Self.token(claimsJSON: Self.timedClaims(extra: "\"fva\":\(odd)")))
            let age = session.factorVerificationAge
            #expect(age == nil || age?.firstFactorMinutes == nil, "\(odd)")
        }
    }

    @Test("Session status: pending is refused by default and accepted when configured")
    func pendingSessions() throws {
        let pending = Self.token(claimsJSON: Self.timedClaims(extra: "\"sts\":\"pending\""))
        _ = Self.expectCode(.sessionPending, pending)
        var configuration = Self.configuration()
        configuration.acceptsPendingSessions = true
        #expect(try Self.verify(pending, configuration).status == .pending)
        let active = try Self.verify(Self.token(claimsJSON: Self.timedClaims(extra: "\"sts\":\"active\"")))
        #expect(active.status == .active)
        _ = Self.expectCode(.tokenInvalidClaim, Self.token(claimsJSON: Self.timedClaims(extra: "\"sts\":1")))
    }

    @Test("Plans and features with scopes")
    func plansAndFeatures() throws {
        let session = try Self.verify(
            Self.token(extra: [("pla", "u:free,o:pro"), ("fea", "u:export,o:reports,uo:search")]))
        #expect(session.plans == ["u:free", "o:pro"])
        #expect(session.hasPlan("pro"))
        #expect(session.hasPlan("o:pro"))
        #expect(session.hasPlan("u:free"))
        #expect(!session.hasPlan("u:pro"))
        #expect(!session.hasPlan("enterprise"))
        #expect(session.features == ["u:export", "o:reports", "uo:search"])
        #expect(session.hasFeature("export"))
        #expect(session.hasFeature("u:search"))
        #expect(session.hasFeature("o:search"))
        #expect(!session.hasFeature("o:export"))
        let none = try Self.verify(Self.token())
        #expect(none.plans.isEmpty && none.features.isEmpty && !none.hasPlan("free"))
    }

    // MARK: Raw claims

    @Test("Custom claims through claims, subscript and claimsJSON")
    func rawClaims() throws {
        let claims = Self.timedClaims(
            extra:
                "\"metadata\":{\"tier\":\"gold\",\"seats\":12345678901234567890,\"tags\":[\"a\",null,true],\"ratio\":0.25},\"name\":\"Zo\\u00eb \\\"Z\\\"\""
        )
        let token = Self.token(claimsJSON: claims)
        let session = try Self.verify(token)
        let metadata = try #require(session[claim: "metadata"])
        #expect(metadata["tier"]?.stringValue == "gold")
        #expect(metadata["seats"] == ClaimValue.number(text: "12345678901234567890", value: 1.2345678901234567e19))
        #expect(metadata["seats"] != ClaimValue.number(text: "12345678901234567000", value: 1.2345678901234567e19))
        #expect(metadata["tags"] == ClaimValue.array(["a", .null, true]))
        #expect(metadata["ratio"]?.doubleValue == 0.25)
        #expect(session[claim: "name"]?.stringValue == "Zoë \"Z\"")
        #expect(session[claim: "missing"] == nil)
        #expect(session.claims["sub"]?.stringValue == "user_1")
        #expect(session.claims["metadata"] == metadata)
        // The exact verified bytes, not a re-serialization.
        let payload = token.split(separator: ".", omittingEmptySubsequences: false)[1]
        let bytes = try #require(Base64URL.decode(payload))
        #expect(Array(session.claimsJSON.utf8) == bytes)
        #expect(session.claimsJSON == claims)
    }

    @Test("claimsJSON keeps whitespace and key order exactly")
    func claimsJSONExact() throws {
        let claims =
            " {\n  \"sub\" : \"user_1\",\t\"sid\":\"sess_1\", \"iss\":\"\(Self.issuer.issuer)\",\r\n\"exp\":1800000060.0,\"azp\":\"\(Self.party)\" } "
        let session = try Self.verify(Self.token(claimsJSON: claims))
        #expect(session.claimsJSON == claims)
        #expect(session.expiresAtSeconds == 1_800_000_060)
    }

    // MARK: NumericDate

    @Test("Fractional NumericDates are accepted")
    func fractionalDates() throws {
        let session = try Self.verify(
            Self.token(claimsJSON: Self.timedClaims(exp: "1800000060.5", nbf: "1799999990.25", iat: "1799999999.75")))
        #expect(session.expiresAtSeconds == 1_800_000_060.5)
        #expect(session.issuedAt == Date(timeIntervalSince1970: 1_799_999_999.75))
        #expect(session.notBefore == Date(timeIntervalSince1970: 1_799_999_990.25))
        let exponent = try Self.verify(Self.token(claimsJSON: Self.timedClaims(exp: "1.80000006e9")))
        #expect(exponent.expiresAtSeconds == 1_800_000_060)
    }

    @Test(
        "Huge NumericDates never crash",
        arguments: [
            "1e300", "1e400", "-1e400", "9223372036854775808", "18446744073709551616",
            "9223372036854775807", "253402300800",
            "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
        ])
    func hugeDates(_ value: String) {
        for claim in ["exp", "nbf", "iat"] {
            let claims =
                claim == "exp" ? Self.timedClaims(exp: value) : Self.timedClaims(extra: "\"\(claim)\":\(value)")
            let error = Self.expectCode(.tokenInvalidClaim, Self.token(claimsJSON: claims))
            #expect(error?.message.contains(claim) == true, "\(claim)=\(value)")
        }
    }

    @Test("The largest NumericDate (year 9999) is accepted")
    func largestDate() throws {
        let session = try Self.verify(Self.token(claimsJSON: Self.timedClaims(exp: "253402300799")))
        #expect(session.expiresAtSeconds == 253_402_300_799)
    }

    @Test("Negative and zero exp are expired, not invalid")
    func negativeExp() {
        for value in ["-1", "0", "-0", "-253402300799", "-0.5"] {
            _ = Self.expectCode(.tokenExpired, Self.token(claimsJSON: Self.timedClaims(exp: value)))
        }
        _ = Self.expectCode(.tokenInvalidClaim, Self.token(claimsJSON: Self.timedClaims(exp: "-253402300800")))
    }

    // MARK: Policy switches

    @Test("sid is required unless configured otherwise")
    func sessionIDRequirement() throws {
        let claims =
            "{\"azp\":\"\(Self.party)\",\"exp\":1800000060,\"iss\":\"\(Self.issuer.issuer)\",\"sub\":\"user_1\"}"
        let token = Self.token(claimsJSON: claims)
        let error = Self.expectCode(.tokenMissingClaim, token)
        #expect(error?.message.contains("sid") == true)
        var configuration = Self.configuration()
        configuration.requiresSessionID = false
        let session = try Self.verify(token, configuration)
        #expect(session.sessionID == "")
        _ = Self.expectCode(
            .tokenInvalidClaim,
            Self.token(
                claimsJSON: Self.timedClaims(extra: "\"sid\":\"\"").replacingOccurrences(
                    of: "\"sid\":\"sess_1\",", with: "")))
    }

    @Test("A missing azp is refused with authorized parties, unless explicitly allowed")
    func missingAuthorizedParty() throws {
        let claims = "{\"exp\":1800000060,\"iss\":\"\(Self.issuer.issuer)\",\"sid\":\"sess_1\",\"sub\":\"user_1\"}"
        let token = Self.token(claimsJSON: claims)
        _ = Self.expectCode(.tokenInvalidAuthorizedParties, token)
        var configuration = Self.configuration()
        configuration.allowsMissingAuthorizedParty = true
        #expect(try Self.verify(token, configuration).authorizedParty == nil)
        // Allowing a missing azp never allows a wrong one.
        let wrong = Self.token(
            claimsJSON: Self.timedClaims().replacingOccurrences(of: Self.party, with: "https://evil.example"))
        _ = Self.expectCode(.tokenInvalidAuthorizedParties, wrong, configuration)
        // Without configured parties, azp is not checked at all.
        #expect(try Self.verify(wrong, Self.configuration(parties: [])).authorizedParty == "https://evil.example")
        #expect(try Self.verify(token, Self.configuration(parties: [])).authorizedParty == nil)
    }

    @Test("Audience is checked only when configured")
    func audience() throws {
        var configuration = Self.configuration()
        configuration.audiences = ["api://backend"]
        #expect(throws: ClerkVerificationError.self) {
            try Self.verify(Self.token(claimsJSON: Self.timedClaims()), configuration)
        }
        _ = try Self.verify(Self.token(claimsJSON: Self.timedClaims(extra: "\"aud\":\"api://backend\"")), configuration)
        _ = try Self.verify(
            Self.token(claimsJSON: Self.timedClaims(extra: "\"aud\":[\"x\",\"api://backend\"]")), configuration)
        _ = Self.expectCode(
            .tokenInvalidAudience, Self.token(claimsJSON: Self.timedClaims(extra: "\"aud\":\"api://other\"")),
            configuration)
    }

    // MARK: Clock skew

    @Test("exp boundaries with the default 5 s skew")
    func expBoundaries() throws {
        let now = Int(Self.now)
        _ = Self.expectCode(.tokenExpired, Self.token(claimsJSON: Self.timedClaims(exp: "\(now - 5)")))
        _ = try Self.verify(Self.token(claimsJSON: Self.timedClaims(exp: "\(now - 5 + 1)")))
        _ = try Self.verify(Self.token(claimsJSON: Self.timedClaims(exp: "\(now - 5).001")))
        _ = Self.expectCode(.tokenExpired, Self.token(claimsJSON: Self.timedClaims(exp: "\(now - 6).999")))
    }

    @Test("nbf and iat boundaries with the default 5 s skew")
    func notBeforeAndIssuedAtBoundaries() throws {
        let now = Int(Self.now)
        _ = try Self.verify(Self.token(claimsJSON: Self.timedClaims(nbf: "\(now + 5)")))
        _ = Self.expectCode(.tokenNotActiveYet, Self.token(claimsJSON: Self.timedClaims(nbf: "\(now + 6)")))
        _ = Self.expectCode(.tokenNotActiveYet, Self.token(claimsJSON: Self.timedClaims(nbf: "\(now + 5).5")))
        _ = try Self.verify(Self.token(claimsJSON: Self.timedClaims(iat: "\(now + 5)")))
        _ = Self.expectCode(.tokenIssuedInTheFuture, Self.token(claimsJSON: Self.timedClaims(iat: "\(now + 6)")))
        _ = try Self.verify(Self.token(claimsJSON: Self.timedClaims(nbf: "\(now - 3600)", iat: "\(now - 3600)")))
    }

    @Test("A custom skew moves every boundary")
    func customSkew() throws {
        let now = Int(Self.now)
        let strict = Self.configuration(skew: .zero)
        _ = Self.expectCode(.tokenExpired, Self.token(claimsJSON: Self.timedClaims(exp: "\(now)")), strict)
        _ = try Self.verify(Self.token(claimsJSON: Self.timedClaims(exp: "\(now + 1)")), strict)
        _ = Self.expectCode(.tokenNotActiveYet, Self.token(claimsJSON: Self.timedClaims(nbf: "\(now + 1)")), strict)
        _ = Self.expectCode(
            .tokenIssuedInTheFuture, Self.token(claimsJSON: Self.timedClaims(iat: "\(now + 1)")), strict)
        let lenient = Self.configuration(skew: .seconds(60))
        _ = try Self.verify(Self.token(claimsJSON: Self.timedClaims(exp: "\(now - 59)")), lenient)
        _ = Self.expectCode(.tokenExpired, Self.token(claimsJSON: Self.timedClaims(exp: "\(now - 60)")), lenient)
        _ = try Self.verify(Self.token(claimsJSON: Self.timedClaims(nbf: "\(now + 60)", iat: "\(now + 60)")), lenient)
        _ = Self.expectCode(.tokenNotActiveYet, Self.token(claimsJSON: Self.timedClaims(nbf: "\(now + 61)")), lenient)
    }

    // MARK: Messages

    @Test("Error messages say how far off the token is and point at the clock")
    func messages() {
        let now = Int(Self.now)
        let expired = Self.expectCode(.tokenExpired, Self.token(claimsJSON: Self.timedClaims(exp: "\(now - 100)")))
        #expect(expired?.message.contains("100 s ago") == true, "\(expired?.message ?? "")")
        let fractional = Self.expectCode(
            .tokenExpired, Self.token(claimsJSON: Self.timedClaims(exp: "\(now - 101).75")))
        #expect(fractional?.message.contains("100.25 s ago") == true, "\(fractional?.message ?? "")")
        let notYet = Self.expectCode(.tokenNotActiveYet, Self.token(claimsJSON: Self.timedClaims(nbf: "\(now + 3600)")))
        #expect(notYet?.message.contains("clock") == true)
        #expect(notYet?.message.contains("3600 s") == true)
        let future = Self.expectCode(
            .tokenIssuedInTheFuture, Self.token(claimsJSON: Self.timedClaims(iat: "\(now + 3600)")))
        #expect(future?.message.contains("clock") == true)
        #expect(future?.message.contains("3600 s") == true)
        let missing = Self.expectCode(.tokenMissingClaim, Self.token(claimsJSON: Self.timedClaims(exp: nil)))
        #expect(missing?.message.contains("exp") == true)
    }
}
