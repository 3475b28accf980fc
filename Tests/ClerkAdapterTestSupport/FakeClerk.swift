import ClerkBackend
import ClerkSession
import ClerkTesting

/// A running fake Clerk, a session in it, and an engine wired to it.
package struct FakeClerk: Sendable {
    package let server: FakeClerkServer
    package let sessionID: String
    package let refreshToken: String

    package static func start() async throws -> FakeClerk {
        let server = try await FakeClerkServer.start(issuer: Fixture.issuer)
        let (session, refreshToken) = server.createSession(userID: "user_fake")
        return FakeClerk(server: server, sessionID: session.id, refreshToken: refreshToken)
    }

    /// A Backend API client for the fake (legacy verify allowed on the client side when asked).
    package func client(legacyVerify: Bool = false) -> ClerkBackendClient {
        ClerkBackendClient(
            configuration: .init(
                secretKey: server.secretKey, baseURL: server.baseURL,
                allowsLegacyVerify: legacyVerify))
    }

    /// The engine with the fake as backend; keys from the issuer, or from the fake's `GET /v1/jwks`.
    package func authenticator(keysFromBackend: Bool = false, legacyVerify: Bool = false) throws
        -> ClerkRequestAuthenticator
    {
        let client = client(legacyVerify: legacyVerify)
        let store =
            keysFromBackend
            ? SessionKeyStore(source: BackendAPIKeySource(client: client, issuer: Fixture.issuer.issuer))
            : nil
        return try Fixture.authenticator(
            keyStore: store, backend: client,
            legacyVerify: legacyVerify)
    }

    /// An expired (an hour old) token of the fake's session.
    package var expiredToken: String {
        server.sessionToken(forSession: sessionID, issuedAt: Fixture.issuer.clock.now() - 3600) ?? ""
    }

    /// A fresh token of the fake's session.
    package var freshToken: String {
        server.sessionToken(forSession: sessionID) ?? ""
    }

    /// Requests the fake saw whose path ends with `suffix` (e.g. `/refresh`, `/verify`).
    package func requests(endingWith suffix: String) -> [FakeClerkServer.RecordedRequest] {
        server.requests.filter { $0.path.hasSuffix(suffix) }
    }

    /// Makes every `GET /v1/jwks` fail with a 503 (a Backend API outage).
    package func breakKeys() {
        server.injectFault(path: "/v1/jwks", status: 503, body: "{\"errors\":[]}", count: 1000)
    }
}
