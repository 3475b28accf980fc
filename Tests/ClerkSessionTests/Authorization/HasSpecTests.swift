import Testing

@testable import ClerkSession

/// Clerk's `createCheckAuthorization` rules, ported case for case from clerk/javascript
/// `packages/shared/src/__tests__/authorization.spec.ts`: AND across and within dimensions, an empty
/// check is false, and missing or malformed claims fail closed. (The spec's non-string parameters, e.g.
/// `role: null as any`, cannot be spelt in Swift: `AuthorizationCheck` takes strings.)
@Suite("has(): Clerk's authorization.spec.ts")
struct HasSpecTests {
    typealias F = AuthorizationFixture

    @Test("correctly parses features (scoped, unscoped, long scope names, unknown scope)")
    func parsesFeatures() throws {
        let has = try F.options(
            orgRole: "\"admin\"", orgPermissions: "[\"org:read\"]", features: "\"o:reservations,u:dashboard\"",
            plans: "\"free_user,plus_user\"", fva: "[1000,2000]")
        for feature in [
            "o:reservations", "org:reservations", "organization:reservations", "reservations", "u:dashboard",
            "user:dashboard", "dashboard",
        ] {
            #expect(has.has(.feature(feature)), "\(feature)")
        }
        #expect(!has.has(.feature("lol:dashboard")))
    }

    @Test("fails closed on a malformed org_role claim")
    func malformedRole() throws {
        let has = try F.options(orgRole: "123", orgPermissions: "[\"org:sys_profile:delete\"]")
        #expect(!has.has(.role("org:admin")))
    }

    @Test("fails closed on a malformed org_permissions claim")
    func malformedPermissions() throws {
        let has = try F.options(orgPermissions: "{}")
        #expect(!has.has(.permission("org:sys_profile:delete")))
    }

    @Test("fails closed on a malformed features claim")
    func malformedFeatures() throws {
        let has = try F.options(orgPermissions: "[\"org:read\"]", features: "{}")
        #expect(!has.has(.feature("org:premium")))
    }

    @Test("fails closed on a malformed plans claim")
    func malformedPlans() throws {
        let has = try F.options(orgPermissions: "[\"org:read\"]", plans: "{}")
        #expect(!has.has(.plan("u:plus")))
    }

    @Test("fails when no dimension was requested")
    func emptyCheck() throws {
        let has = try F.options(
            orgPermissions: "[\"org:sys_profile:delete\"]", features: "\"o:premium\"", plans: "\"plus\"")
        #expect(!has.has(AuthorizationCheck()))
        #expect(AuthorizationCheck().isEmpty)
    }

    @Test("fails permission or role plus reverification when the organization is missing")
    func missingOrganization() throws {
        let has = try F.options(orgID: nil, orgRole: nil, orgPermissions: nil)
        #expect(!has.has(AuthorizationCheck(permission: "org:sys_profile:delete", reverification: .strict)))
        #expect(!has.has(AuthorizationCheck(role: "org:admin", reverification: .strict)))
        // The reverification alone passes: it is the organization that fails.
        #expect(has.has(.reverification(.strict)))
    }

    @Test("fails reverification when fva is absent (not opted in)")
    func missingFactorAges() throws {
        let has = try F.options(orgPermissions: "[\"org:sys_profile:delete\"]", fva: nil)
        #expect(!has.has(AuthorizationCheck(permission: "org:sys_profile:delete", reverification: .strict)))
        #expect(has.has(.permission("org:sys_profile:delete")))
        let null = try F.options(orgPermissions: "[\"org:sys_profile:delete\"]", fva: "null")
        #expect(!null.has(.reverification(.lax)))
    }

    @Test("fails when the fva payload is malformed")
    func malformedFactorAges() throws {
        let has = try F.options(orgID: nil, orgRole: nil, fva: "[\"0\",\"0\"]")
        #expect(!has.has(.reverification(.strictMFA)))
    }

    @Test("fails when the reverification requirement is invalid")
    func invalidRequirement() throws {
        let has = try F.options(orgPermissions: "[\"org:sys_profile:delete\"]")
        for minutes in [0, -1, Int.min] {
            let requirement = ReverificationRequirement.custom(level: .multiFactor, afterMinutes: minutes)
            #expect(!requirement.isValid)
            #expect(!has.has(.reverification(requirement)))
            #expect(!has.has(AuthorizationCheck(permission: "org:sys_profile:delete", reverification: requirement)))
        }
    }

    @Test("requires AND across billing and organization")
    func andAcrossBillingAndOrganization() throws {
        let has = try F.options(orgPermissions: "[\"org:sys_memberships:read\"]", features: "\"o:reservations\"")
        #expect(!has.has(AuthorizationCheck(permission: "org:sys_profile:delete", feature: "org:reservations")))
        #expect(has.has(AuthorizationCheck(permission: "org:sys_memberships:read", feature: "org:reservations")))
    }

    @Test("requires AND within the organization: role and permission")
    func andWithinOrganization() throws {
        let has = try F.options(orgPermissions: "[\"org:sys_memberships:read\"]")
        #expect(!has.has(AuthorizationCheck(role: "org:admin", permission: "org:sys_profile:delete")))
        #expect(has.has(AuthorizationCheck(role: "org:admin", permission: "org:sys_memberships:read")))
        #expect(!has.has(AuthorizationCheck(role: "org:member", permission: "org:sys_memberships:read")))
    }

    @Test("requires AND within billing: feature and plan")
    func andWithinBilling() throws {
        let has = try F.options(
            orgPermissions: "[\"org:read\"]", features: "\"o:reservations\"", plans: "\"u:plus\"")
        #expect(has.has(AuthorizationCheck(feature: "org:reservations", plan: "u:plus")))
        #expect(!has.has(AuthorizationCheck(feature: "org:reservations", plan: "u:free")))
        #expect(!has.has(AuthorizationCheck(feature: "org:missing", plan: "u:plus")))
    }

    @Test("fails a feature check when the features claim is missing or empty")
    func missingFeatures() throws {
        #expect(!(try F.options(orgPermissions: "[\"org:read\"]")).has(.feature("org:premium")))
        #expect(!(try F.options(orgPermissions: "[\"org:read\"]", features: nil)).has(.feature("org:premium")))
        #expect(!(try F.options(orgPermissions: "[\"org:read\"]", plans: nil)).has(.plan("premium")))
    }

    @Test("fails when a factor age is a negative non-sentinel value")
    func negativeFactorAge() throws {
        let has = try F.options(orgID: nil, orgRole: nil, fva: "[-0.5,0]")
        #expect(!has.has(.reverification(.strict)))
    }

    @Test("requires AND across organization and billing, cross-dimension combinations")
    func crossDimension() throws {
        let has = try F.options(
            orgPermissions: "[\"org:sys_memberships:read\"]", features: "\"o:reservations\"", plans: "\"u:plus\"")
        #expect(!has.has(AuthorizationCheck(role: "org:admin", feature: "org:missing")))
        #expect(!has.has(AuthorizationCheck(role: "org:admin", plan: "u:free")))
        #expect(has.has(AuthorizationCheck(role: "org:admin", feature: "org:reservations")))
    }

    @Test("a missing features claim fails even with a passing reverification")
    func missingFeaturesWithReverification() throws {
        let has = try F.options(orgPermissions: "[\"org:sys_profile:delete\"]")
        #expect(!has.has(AuthorizationCheck(feature: "org:premium", reverification: .strict)))
    }

    @Test("authorizes permission + reverification, role + feature, and all three dimensions together")
    func allPass() throws {
        let has = try F.options(orgPermissions: "[\"org:sys_memberships:read\"]", features: "\"o:reservations\"")
        #expect(has.has(AuthorizationCheck(permission: "org:sys_memberships:read", reverification: .strict)))
        #expect(has.has(AuthorizationCheck(role: "org:admin", feature: "org:reservations")))
        #expect(
            has.has(
                AuthorizationCheck(
                    permission: "org:sys_memberships:read", feature: "org:reservations", reverification: .strict)))
    }

    @Test("strict_mfa passes by graceful downgrade without a second factor; no factor at all fails")
    func downgrade() throws {
        let single = try F.options(orgPermissions: "[\"org:sys_memberships:read\"]", fva: "[0,-1]")
        #expect(single.has(AuthorizationCheck(permission: "org:sys_memberships:read", reverification: .strictMFA)))
        let none = try F.options(orgPermissions: "[\"org:sys_memberships:read\"]", fva: "[-1,-1]")
        #expect(!none.has(AuthorizationCheck(permission: "org:sys_memberships:read", reverification: .strict)))
    }

    @Test("no user id: has() is false, and a verified session always has one")
    func noUser() throws {
        // Clerk's `has()` is false without a user id. A verified session cannot lack one: the verifier
        // refuses an empty `sub`, so that branch of has() is a guard that verified tokens never reach.
        #expect(throws: ClerkVerificationError.self) {
            try F.session("\"org_id\":\"org_1\",\"org_role\":\"admin\",\"fva\":[0,0]", sub: "")
        }
        let session = try F.session("\"org_id\":\"org_1\",\"org_role\":\"admin\",\"fva\":[0,0]")
        #expect(session.has(.role("admin")) && session.has(.reverification(.lax)))
    }
}
