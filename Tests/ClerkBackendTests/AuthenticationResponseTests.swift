import ClerkAuthentication
import ClerkSession
import ClerkTesting
import Logging
import Testing

/// The framework-neutral decision both adapters translate: what to do, which headers, what to log.
@Suite("Authentication response decision")
struct AuthenticationResponseTests {
    static let issuer = TestIssuer()

    static func session() async throws -> VerifiedSession {
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], authorizedParties: [issuer.defaultAuthorizedParty]),
            keySet: issuer.keySet)
        let result = await ClerkRequestAuthenticator(verifier: verifier).authenticate(
            bearerToken: issuer.sessionToken())
        return try #require(result.session)
    }

    @Test("signed in: continue with the session, forward every Set-Cookie directive in order, log nothing")
    func signedIn() async throws {
        let session = try await Self.session()
        let cookies = ["__session=new; Path=/; Secure", "__client_uat=1; Path=/"]
        let decision = AuthenticationResponse(.signedIn(session, responseCookies: cookies))
        guard case .continueSignedIn(let continued) = decision.action else {
            Issue.record("expected continueSignedIn, got \(decision.action)")
            return
        }
        #expect(continued.sessionID == session.sessionID)
        #expect(decision.headers.map(\.name) == ["Set-Cookie", "Set-Cookie"])
        #expect(decision.headers.map(\.value) == cookies)
        #expect(decision.logEntry == nil)
    }

    @Test("signed out: continue without a session, no headers, the reason's code logged at debug")
    func signedOut() throws {
        let reason = SignedOutReason(
            code: .refreshRejected, message: "Clerk refused the refresh", tokenCarrier: .cookie)
        let decision = AuthenticationResponse(.signedOut(reason))
        guard case .continueSignedOut = decision.action else {
            Issue.record("expected continueSignedOut, got \(decision.action)")
            return
        }
        #expect(decision.headers.isEmpty)
        let entry = try #require(decision.logEntry)
        #expect(entry.level == .debug)
        #expect(entry.message == "Clerk: request is signed out")
        #expect(entry.metadata["clerk_reason"] == .string("refresh-rejected"))
    }

    @Test("keys unavailable: 503 with the generic body; the code and detail go to a warning, not the body")
    func keysUnavailable() throws {
        let error = ClerkVerificationError(.remoteKeysFailedToLoad, "GET /v1/jwks failed: http-503")
        let decision = AuthenticationResponse(.keysUnavailable(error))
        guard case .reject(let status, let body) = decision.action else {
            Issue.record("expected reject, got \(decision.action)")
            return
        }
        #expect(status == 503)
        #expect(body == AuthenticationResponse.keysUnavailableBody)
        #expect(!body.contains("jwk") && !body.contains("jwks"))
        #expect(decision.headers.isEmpty)
        let entry = try #require(decision.logEntry)
        #expect(entry.level == .warning)
        #expect(entry.metadata["clerk_reason"] == .string(error.code.rawValue))
        #expect(entry.metadata["clerk_detail"] == .string(error.message))
    }

    @Test("a session guard: continue with a session; else 401, with a warning only when authentication did not run")
    func requiringSession() async throws {
        let session = try await Self.session()
        guard case .continueSignedIn = AuthenticationResponse.requiringSession(session).action else {
            Issue.record("a session must pass the guard")
            return
        }
        for authenticated in [true, false] {
            let decision = AuthenticationResponse.requiringSession(nil, authenticated: authenticated)
            guard case .reject(let status, _) = decision.action else {
                Issue.record("expected reject, got \(decision.action)")
                continue
            }
            #expect(status == 401)
            #expect(decision.headers.isEmpty)
            #expect((decision.logEntry?.level == .warning) == !authenticated)
        }
    }

    @Test("the adapters' entry point reads a bearer token from the one header and builds the request only without one")
    func authorizationShortcut() async throws {
        let verifier = SessionTokenVerifier(
            configuration: .init(
                issuers: [Self.issuer.issuer], authorizedParties: [Self.issuer.defaultAuthorizedParty]),
            keySet: Self.issuer.keySet)
        let authenticator = ClerkRequestAuthenticator(verifier: verifier)
        var built = 0
        let bearer = await authenticator.authenticate(authorization: "Bearer \(Self.issuer.sessionToken())") {
            built += 1
            return ClerkRequest(method: "GET", headers: [])
        }
        #expect(bearer.session != nil)
        #expect(built == 0)
        let cookie = await authenticator.authenticate(authorization: "Basic dXNlcjpwYXNz") {
            built += 1
            return ClerkRequest(
                method: "GET", headers: [(name: "Cookie", value: "__session=\(Self.issuer.sessionToken())")])
        }
        #expect(cookie.session != nil)
        #expect(built == 1)
        let none = await authenticator.authenticate(authorization: nil) {
            built += 1
            return ClerkRequest(method: "GET", headers: [])
        }
        guard case .signedOut(let reason) = none else {
            Issue.record("expected signed out, got \(none)")
            return
        }
        #expect(reason.code == .sessionTokenMissing)
        #expect(built == 2)
    }
}
