import ClerkSession
import ClerkTesting
import Testing

@testable import ClerkAuthentication
@testable import ClerkBackend

/// Issue 19 (4): the refresh flow of the framework-neutral authenticator, over real HTTP to the fake
/// Clerk, so that plain `swift test` (no traits) covers it.
@Suite("Refresh flow")
struct RefreshFlowTests {
    typealias Stack = ClerkCallBoundsTests.Stack

    static func code(_ result: AuthenticationResult) -> String { ClerkCallBoundsTests.code(result) }

    @Test("an expired cookie token on a GET is refreshed: signed in, with Clerk's cookies for the response")
    func refreshes() async throws {
        let stack = try await Stack.start()
        let result = await stack.authenticator.authenticate(
            stack.browserGET(session: stack.expiredToken, refresh: stack.refreshToken))
        #expect(Self.code(result) == "signed-in")
        #expect(result.session?.sessionID == stack.sessionID)
        #expect(result.responseCookies.contains { $0.hasPrefix("__session=") })
        #expect(result.responseCookies.contains { $0.hasPrefix("__client_uat=") })
        let calls = stack.server.requests.filter { $0.path.hasSuffix("/refresh") }
        #expect(calls.count == 1)
        #expect(calls.first?.path == "/v1/sessions/\(stack.sessionID)/refresh")
        try await stack.server.shutdown()
    }

    @Test("Clerk's 401 means sign in again")
    func refused() async throws {
        let stack = try await Stack.start()
        let result = await stack.authenticator.authenticate(
            stack.browserGET(session: stack.expiredToken, refresh: "not-the-refresh-token"))
        #expect(Self.code(result) == SignedOutReason.Code.refreshRejected.rawValue)
        if case .signedOut(let reason) = result { #expect(reason.verificationError?.code == .tokenExpired) }
        try await stack.server.shutdown()
    }

    @Test("a revoked session is not refreshed")
    func revoked() async throws {
        let stack = try await Stack.start()
        _ = try await ClerkBackendClient(
            configuration: .init(secretKey: stack.server.secretKey, baseURL: stack.server.baseURL)
        )
        .sessions.revoke(stack.sessionID)
        let result = await stack.authenticator.authenticate(
            stack.browserGET(session: stack.expiredToken, refresh: stack.refreshToken))
        #expect(Self.code(result) == SignedOutReason.Code.refreshRejected.rawValue)
        try await stack.server.shutdown()
    }

    @Test("no refresh without a GET, a refresh cookie, a backend or an origin; never for a bearer token")
    func notEligible() async throws {
        let stack = try await Stack.start()
        let expired = stack.expiredToken
        let post = ClerkRequest(
            method: "POST",
            headers: [
                (name: "Host", value: "app.example.test"),
                (name: "Cookie", value: "__session=\(expired); __refresh=\(stack.refreshToken)"),
            ])
        #expect(Self.code(await stack.authenticator.authenticate(post)) == SignedOutReason.Code.refreshNotGET.rawValue)
        let noCookie = ClerkRequest(
            method: "GET",
            headers: [(name: "Host", value: "app.example.test"), (name: "Cookie", value: "__session=\(expired)")])
        #expect(
            Self.code(await stack.authenticator.authenticate(noCookie)) == SignedOutReason.Code.refreshNoCookie.rawValue
        )
        let noHost = ClerkRequest(
            method: "GET", headers: [(name: "Cookie", value: "__session=\(expired); __refresh=\(stack.refreshToken)")])
        #expect(
            Self.code(await stack.authenticator.authenticate(noHost)) == SignedOutReason.Code.refreshNoOrigin.rawValue)
        #expect(Self.code(await stack.authenticator.authenticate(bearerToken: expired)) == "token-expired")
        let noBackend = ClerkRequestAuthenticator(verifier: stack.authenticator.verifier)
        #expect(
            Self.code(await noBackend.authenticate(stack.browserGET(session: expired, refresh: stack.refreshToken)))
                == SignedOutReason.Code.refreshNoBackend.rawValue)
        let disabled = ClerkRequestAuthenticator(
            verifier: stack.authenticator.verifier, backend: stack.authenticator.backend,
            configuration: .init(refreshesExpiredSessions: false))
        #expect(
            Self.code(await disabled.authenticate(stack.browserGET(session: expired, refresh: stack.refreshToken)))
                == "token-expired")
        #expect(stack.server.requests.filter { $0.path.hasSuffix("/refresh") }.isEmpty)
        try await stack.server.shutdown()
    }

    @Test("a Clerk outage during refresh signs out for this request, never a 500, and is asked again next time")
    func outage() async throws {
        let stack = try await Stack.start()
        stack.server.injectFault(
            path: "/v1/sessions/\(stack.sessionID)/refresh", status: 503, body: "{\"errors\":[]}", count: 1)
        let first = await stack.authenticator.authenticate(
            stack.browserGET(session: stack.expiredToken, refresh: stack.refreshToken))
        #expect(Self.code(first) == SignedOutReason.Code.refreshFailed.rawValue)
        let second = await stack.authenticator.authenticate(
            stack.browserGET(session: stack.expiredToken, refresh: stack.refreshToken))
        #expect(Self.code(second) == "signed-in")
        try await stack.server.shutdown()
    }
}
