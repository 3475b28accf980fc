import ClerkTesting
import Testing

@testable import ClerkSession

/// Sessions over exact claims JSON, for the authorization suites: the registered claims a verifier needs
/// (`sub` `user_123`) plus the members under test, spelt as raw JSON.
enum AuthorizationFixture {
    static let now: Double = 1_800_000_000
    static let issuer = TestIssuer(clock: .fixed(now))
    static let party = "https://app.example.test"
    static let verifier = SessionTokenVerifier(
        configuration: .init(issuers: [issuer.issuer], authorizedParties: [party], clock: .fixed(now)),
        keySet: issuer.keySet)

    /// A verified session whose claims are the registered ones plus `members` (raw JSON members, comma
    /// separated, e.g. `"org_id":"org_1","fva":[0,0]`).
    static func session(_ members: String, sub: String = "user_123") throws -> VerifiedSession {
        var claims = [
            "\"azp\":\"\(party)\"", "\"exp\":\(Int(now) + 60)", "\"iat\":\(Int(now))",
            "\"iss\":\"\(issuer.issuer)\"", "\"sid\":\"sess_123\"", "\"sub\":\"\(sub)\"",
        ]
        if !members.isEmpty { claims.append(members) }
        let token = issuer.token(
            headerJSON: ClaimValue.object(issuer.sessionHeader()).jsonText,
            claimsJSON: "{" + claims.joined(separator: ",") + "}")
        return try verifier.verify(token)
    }

    /// The claims of `createCheckAuthorization`'s options in Clerk's spec, as v1 claims: `orgId`, `orgRole`,
    /// `orgPermissions`, `features`, `plans`, `factorVerificationAge` map to `org_id`, `org_role`,
    /// `org_permissions`, `fea`, `pla`, `fva` (raw JSON values; nil leaves the claim out).
    static func options(
        orgID: String? = "\"org_123\"", orgRole: String? = "\"org:admin\"", orgPermissions: String? = nil,
        features: String? = "\"\"", plans: String? = "\"\"", fva: String? = "[0,0]"
    ) throws -> VerifiedSession {
        let members = [
            ("org_id", orgID), ("org_role", orgRole), ("org_permissions", orgPermissions), ("fea", features),
            ("pla", plans), ("fva", fva),
        ].compactMap { name, value in value.map { "\"\(name)\":\($0)" } }
        return try session(members.joined(separator: ","))
    }
}
