import Testing

@testable import ClerkSession

/// `has()` over real claims in both formats, ported from clerk/javascript
/// `packages/backend/src/tokens/__tests__/authObjects.test.ts` ("JWT v1", "JWT v2"): role and permission
/// with `org:` normalisation, v2 permissions from `o.per` and the `o.fpm` masks, features and plans with
/// `u`/`o` scopes.
@Suite("has(): Clerk's authObjects.test.ts v1 and v2 vectors")
struct HasClaimsVectorTests {
    typealias F = AuthorizationFixture

    static let actor = "\"act\":{\"sub\":\"actor\"}"

    @Test("v1: no organization, every organization and feature check fails")
    func v1UserScope() throws {
        let session = try F.session(Self.actor)
        for check in [
            AuthorizationCheck.role("org:admin"), .role("admin"), .permission("org:f1:read"), .permission("f1:read"),
            .feature("org:reservations"), .feature("org:impersonation"),
        ] {
            #expect(!session.has(check), "\(check)")
        }
    }

    @Test("v1 organizations, with the role as org:admin and as the old admin", arguments: ["org:admin", "admin"])
    func v1Organizations(role: String) throws {
        let session = try F.session(
            Self.actor + ",\"org_id\":\"orgId\",\"org_role\":\"\(role)\",\"org_slug\":\"orgSlug\","
                + "\"org_permissions\":[\"org:f1:read\",\"org:f2:manage\"]")
        #expect(session.has(.role("org:admin")))
        #expect(session.has(.role("admin")))
        #expect(session.has(.permission("org:f1:read")))
        #expect(session.has(.permission("f1:read")))
        #expect(!session.has(.permission("org:f1")))
        #expect(session.has(.permission("org:f2:manage")))
        #expect(!session.has(.permission("org:f2")))
        #expect(!session.has(.feature("org:reservations")))
        #expect(!session.has(.feature("org:impersonation")))
        // The conveniences are the same checks.
        #expect(session.has(role: "admin") && session.has(permission: "f1:read"))
    }

    @Test("v2 organizations: fpm 3 grants both permissions on the first org feature only")
    func v2Organizations() throws {
        let session = try F.session(
            "\"v\":2," + Self.actor + ",\"fea\":\"o:reservations,o:impersonation\","
                + "\"o\":{\"id\":\"orgId\",\"rol\":\"admin\",\"slg\":\"orgSlug\",\"per\":\"read,manage\",\"fpm\":\"3\"}"
        )
        #expect(session.has(.role("org:admin")))
        #expect(session.has(.role("admin")))
        #expect(session.has(.permission("org:reservations:read")))
        #expect(session.has(.permission("reservations:read")))
        #expect(!session.has(.permission("org:reservations")))
        #expect(session.has(.permission("org:reservations:manage")))
        #expect(!session.has(.permission("org:impersonation:read")))
        #expect(!session.has(.permission("org:impersonation:manage")))
        #expect(session.has(.feature("org:reservations")))
        #expect(session.has(.feature("org:impersonation")))
    }

    @Test("v2 organizations with an org: prefix already in o.rol")
    func v2PrefixedRole() throws {
        let session = try F.session(
            "\"v\":2," + Self.actor + ",\"fea\":\"o:reservations,o:impersonation\","
                + "\"o\":{\"id\":\"orgId\",\"rol\":\"org:admin\",\"slg\":\"orgSlug\",\"per\":\"read,manage\",\"fpm\":\"3\"}"
        )
        #expect(session.has(.role("org:admin")))
        #expect(session.has(.role("admin")))
    }

    static let billingClaims =
        "\"v\":2," + actor + ",\"fea\":\"o:reservations,u:dashboard,uo:support-chat,o:impersonation\","
        + "\"o\":{\"id\":\"orgId\",\"rol\":\"member\",\"slg\":\"orgSlug\",\"per\":\"read,manage\",\"fpm\":\"2,3\"},"
        + "\"pla\":\"u:pro,o:business\""

    @Test("v2 billing with scopes: fpm 2,3 over reservations and support-chat")
    func v2BillingScoped() throws {
        let session = try F.session(Self.billingClaims)
        #expect(!session.has(.permission("org:reservations:read")))
        #expect(session.has(.permission("org:reservations:manage")))
        #expect(session.has(.permission("org:support-chat:read")))
        #expect(session.has(.permission("org:support-chat:manage")))
        #expect(!session.has(.permission("u:dashboard:manage")))
        #expect(!session.has(.permission("u:dashboard:read")))

        #expect(session.has(.feature("org:reservations")))
        #expect(!session.has(.feature("user:reservations")))
        #expect(session.has(.feature("org:impersonation")))
        #expect(!session.has(.feature("user:impersonation")))
        #expect(!session.has(.feature("org:dashboard")))
        #expect(session.has(.feature("user:dashboard")))
        #expect(session.has(.feature("org:support-chat")))
        #expect(session.has(.feature("user:support-chat")))

        #expect(session.has(.plan("org:business")))
        #expect(!session.has(.plan("user:business")))
        #expect(!session.has(.plan("org:pro")))
        #expect(session.has(.plan("user:pro")))
    }

    @Test("v2 billing without scopes: found in either list")
    func v2BillingUnscoped() throws {
        let session = try F.session(Self.billingClaims)
        #expect(session.has(.feature("reservations")))
        #expect(session.has(.feature("dashboard")))
        #expect(!session.has(.feature("pro")))  // a plan, not a feature
        #expect(session.has(.feature("impersonation")))
        #expect(session.has(.plan("pro")))
        #expect(session.has(.plan("business")))
    }

    @Test("v2 ignores the v1 organization claims, and an o without id is no organization")
    func v2OnlyReadsO() throws {
        let v1Members = "\"org_id\":\"org_1\",\"org_role\":\"admin\",\"org_permissions\":[\"org:a:read\"]"
        let session = try F.session("\"v\":2," + v1Members)
        #expect(!session.has(.role("admin")))
        #expect(!session.has(.permission("org:a:read")))
        let noID = try F.session("\"v\":2,\"o\":{\"rol\":\"admin\"}")
        #expect(!noID.has(.role("admin")))
    }

    @Test("v2 permissions: a malformed fea (entry without a colon) grants nothing; missing per or fpm neither")
    func v2MalformedFeatures() throws {
        let bad = try F.session(
            "\"v\":2,\"fea\":\"o:reservations,oops\",\"o\":{\"id\":\"org_1\",\"rol\":\"admin\",\"per\":\"read\",\"fpm\":\"1\"}"
        )
        #expect(!bad.has(.permission("org:reservations:read")))
        #expect(bad.has(.role("admin")))
        let noMasks = try F.session(
            "\"v\":2,\"fea\":\"o:reservations\",\"o\":{\"id\":\"org_1\",\"rol\":\"admin\",\"per\":\"read\"}")
        #expect(!noMasks.has(.permission("org:reservations:read")))
        let padded = try F.session(
            "\"v\":2,\"fea\":\" o:reservations , u:x \",\"o\":{\"id\":\"org_1\",\"per\":\" read , manage \",\"fpm\":\" 2 \"}"
        )
        #expect(padded.has(.permission("org:reservations:manage")))
        #expect(!padded.has(.permission("org:reservations:read")))
        #expect(!padded.has(.role("admin")))  // no rol
    }

    @Test("org: normalisation: repeated prefixes collapse on the request; the claim list is compared verbatim")
    func normalisation() throws {
        let session = try F.session(
            "\"org_id\":\"org_1\",\"org_role\":\"org:org:admin\",\"org_permissions\":[\"org:a:read\",\"b:write\",\"org:org:c:x\"]"
        )
        for role in ["admin", "org:admin", "org:org:admin", "org:org:org:admin"] {
            #expect(session.has(.role(role)), "\(role)")
        }
        #expect(!session.has(.role("Org:admin")) && !session.has(.role("org:")) && !session.has(.role("")))
        #expect(session.has(.permission("a:read")) && session.has(.permission("org:org:a:read")))
        // "b:write" in the claim never equals "org:" + anything requested.
        #expect(!session.has(.permission("b:write")) && !session.has(.permission("org:b:write")))
        // "org:org:c:x" cannot be matched either: the request's prefixes collapse to one.
        #expect(!session.has(.permission("org:org:c:x")) && !session.has(.permission("c:x")))
    }

    @Test("byte-for-byte comparisons: a Kelvin sign is not a K, a precomposed é is not e + U+0301")
    func bytes() throws {
        let session = try F.session(
            "\"org_id\":\"org_1\",\"org_role\":\"Keeper\",\"org_permissions\":[\"org:caf\u{E9}:read\"],"
                + "\"fea\":\"o:Kb\",\"pla\":\"u:caf\u{E9}\"")
        #expect(session.has(.role("Keeper")))
        #expect(!session.has(.role("\u{212A}eeper")))
        #expect(session.has(.permission("caf\u{E9}:read")))
        #expect(!session.has(.permission("cafe\u{301}:read")))
        #expect(session.has(.feature("o:Kb")) && !session.has(.feature("o:\u{212A}b")))
        #expect(session.has(.plan("caf\u{E9}")) && !session.has(.plan("cafe\u{301}")))
    }
}
