import ClerkAuthentication
import ClerkSession
import ClerkTesting
import Logging
import Testing

/// Clerk's 403 reverification answer, byte for byte (`@clerk/shared` `authorization-errors.ts`:
/// `JSON.stringify({clerk_error: {type, reason, metadata: {reverification: config}}})`), and the
/// framework-neutral decisions of the reverification and authorization guards.
@Suite("Reverification error and the authorization decisions")
struct ReverificationErrorTests {
    static let issuer = TestIssuer()

    /// A v1 session (no default `fva`) with `fva` and the organization claims given.
    static func session(fva: [Int]?, role: String? = nil, permissions: [String] = []) throws -> VerifiedSession {
        var extra: [(name: String, value: ClaimValue)] = []
        if let fva { extra.append(("fva", .array(fva.map { .integer(Int64($0)) }))) }
        if let role {
            extra.append(("org_id", "org_1"))
            extra.append(("org_role", .string(role)))
            extra.append(("org_permissions", .array(permissions.map { .string($0) })))
        }
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty]),
            keySet: issuer.keySet)
        return try verifier.verify(issuer.sessionToken(version: 1, extra: extra))
    }

    static let prefix = #"{"clerk_error":{"type":"forbidden","reason":"reverification-error","metadata":"#

    @Test("The body for each preset, a custom requirement, and no requirement")
    func bodies() {
        #expect(ReverificationError(.strict).body == Self.prefix + #"{"reverification":"strict"}}}"#)
        #expect(ReverificationError(.strictMFA).body == Self.prefix + #"{"reverification":"strict_mfa"}}}"#)
        #expect(ReverificationError(.moderate).body == Self.prefix + #"{"reverification":"moderate"}}}"#)
        #expect(ReverificationError(.lax).body == Self.prefix + #"{"reverification":"lax"}}}"#)
        #expect(
            ReverificationError(.custom(level: .secondFactor, afterMinutes: 30)).body
                == Self.prefix + #"{"reverification":{"level":"second_factor","afterMinutes":30}}}}"#)
        #expect(
            ReverificationError(.custom(level: .firstFactor, afterMinutes: 5)).body
                == Self.prefix + #"{"reverification":{"level":"first_factor","afterMinutes":5}}}}"#)
        #expect(ReverificationError(nil).body == Self.prefix + "{}}}")
        #expect(
            ReverificationError(.strict).bodyBytes
                == Array(
                    #"{"clerk_error":{"type":"forbidden","reason":"reverification-error","metadata":{"reverification":"strict"}}}"#
                        .utf8))
        #expect(ReverificationError.status == 403)
        #expect(ReverificationError(.lax).headers.map(\.name) == ["Content-Type"])
        #expect(ReverificationError(.lax).headers.map(\.value) == ["application/json"])
    }

    @Test("Reverification guard: 401 signed out, 403 with the exact body when stale, continue when fresh")
    func reverificationDecision() throws {
        let signedOut = AuthenticationResponse.requiringReverification(nil, .strict)
        guard case .reject(401, _) = signedOut.action else {
            Issue.record("expected 401, got \(signedOut.action)")
            return
        }
        #expect(!signedOut.bodyIsExact)

        let stale = AuthenticationResponse.requiringReverification(try Self.session(fva: [30, 30]), .strict)
        guard case .reject(403, let body) = stale.action else {
            Issue.record("expected 403, got \(stale.action)")
            return
        }
        #expect(body == ReverificationError(.strict).body)
        #expect(stale.bodyIsExact)
        #expect(stale.headers.map(\.name) == ["Content-Type"] && stale.headers.map(\.value) == ["application/json"])
        #expect(stale.logEntry?.metadata["clerk_reason"] == .string("reverification-error"))

        let fresh = AuthenticationResponse.requiringReverification(try Self.session(fva: [3, 3]), .strict)
        guard case .continueSignedIn = fresh.action else {
            Issue.record("expected continue, got \(fresh.action)")
            return
        }
        #expect(fresh.headers.isEmpty && !fresh.bodyIsExact)

        let noAges = AuthenticationResponse.requiringReverification(try Self.session(fva: nil), .lax)
        guard case .reject(403, _) = noAges.action else {
            Issue.record("expected 403, got \(noAges.action)")
            return
        }
    }

    @Test("Authorization guard: plain 403 for role or permission, the reverification body only for freshness")
    func authorizationDecision() throws {
        let admin = try Self.session(fva: [30, -1], role: "org:admin", permissions: ["org:invoices:read"])
        let missing = AuthenticationResponse.requiring(admin, AuthorizationCheck(permission: "org:invoices:manage"))
        guard case .reject(403, "Forbidden") = missing.action else {
            Issue.record("expected plain 403, got \(missing.action)")
            return
        }
        #expect(!missing.bodyIsExact && missing.headers.isEmpty)
        // The role fails and the session is stale too: the plain 403 (reverifying would not help).
        let both = AuthenticationResponse.requiring(admin, AuthorizationCheck(role: "member", reverification: .strict))
        guard case .reject(403, "Forbidden") = both.action else {
            Issue.record("expected plain 403, got \(both.action)")
            return
        }
        let stale = AuthenticationResponse.requiring(admin, AuthorizationCheck(role: "admin", reverification: .strict))
        guard case .reject(403, let body) = stale.action else {
            Issue.record("expected 403, got \(stale.action)")
            return
        }
        #expect(body == ReverificationError(.strict).body && stale.bodyIsExact)
        let laxEnough = AuthenticationResponse.requiring(admin, AuthorizationCheck(role: "admin", reverification: .lax))
        guard case .continueSignedIn = laxEnough.action else {
            Issue.record("expected continue, got \(laxEnough.action)")
            return
        }
        let empty = AuthenticationResponse.requiring(admin, AuthorizationCheck())
        guard case .reject(403, "Forbidden") = empty.action else {
            Issue.record("expected plain 403 for an empty check, got \(empty.action)")
            return
        }
        guard case .reject(401, _) = AuthenticationResponse.requiring(nil, .role("admin")).action else {
            Issue.record("expected 401 signed out")
            return
        }
    }

    @Test("The decision continues exactly when has() is true")
    func agreesWithHas() throws {
        let sessions = [
            try Self.session(fva: [30, -1], role: "org:admin", permissions: ["org:invoices:read"]),
            try Self.session(fva: [3, 20], role: "member"),
            try Self.session(fva: nil),
        ]
        let checks: [AuthorizationCheck] = [
            AuthorizationCheck(), .role("admin"), .permission("invoices:read"), .reverification(.strict),
            .reverification(.lax), AuthorizationCheck(role: "admin", reverification: .lax),
            AuthorizationCheck(role: "member", reverification: .custom(level: .firstFactor, afterMinutes: 5)),
            AuthorizationCheck(permission: "org:invoices:read", reverification: .strictMFA), .feature("x"),
        ]
        for session in sessions {
            for check in checks {
                let continues: Bool
                if case .continueSignedIn = AuthenticationResponse.requiring(session, check).action {
                    continues = true
                } else {
                    continues = false
                }
                #expect(continues == session.has(check), "\(check)")
            }
        }
    }
}
