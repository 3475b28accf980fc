import AsyncHTTPClient
import ClerkBackend
import ClerkSession
import ClerkTesting

/// The default Clerk: the package's test kit on 127.0.0.1. A ``FakeClerkServer`` plays the Backend API
/// (JWKS and session refresh), and the authenticator is wired exactly as with a real instance: keys from
/// `GET /v1/jwks` through ``BackendAPIKeySource``, refreshes through ``ClerkBackendClient``.
struct LocalClerk {
    static let appOrigin = "https://app.observability.test"

    let fake: FakeClerkServer
    let httpClient: HTTPClient
    let authenticator: ClerkRequestAuthenticator

    /// Call after ``Telemetry/bootstrap(environment:)``. The library opens one client span per call to Clerk
    /// on the global tracer (route templates, no ids): AsyncHTTPClient's own tracing stays off here, or each
    /// call would show twice, the second time with the session id in `url.path`.
    static func start() async throws -> LocalClerk {
        let issuer = TestIssuer(
            frontendAPIHost: "clerk.observability.test", keyID: "ins_observability", authorizedParty: appOrigin)
        let fake = try await FakeClerkServer.start(issuer: issuer)

        // No redirects (the Backend API never redirects), and no AsyncHTTPClient spans (see above).
        let configuration = RemoteKeySourceDefaults.noRedirectsConfiguration
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)

        let client = ClerkBackendClient(
            configuration: .init(secretKey: fake.secretKey, baseURL: fake.baseURL), httpClient: httpClient)
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], authorizedParties: [appOrigin]),
            keyStore: SessionKeyStore(source: BackendAPIKeySource(client: client, issuer: issuer.issuer)))
        let authenticator = ClerkRequestAuthenticator(
            verifier: verifier, backend: client,
            configuration: .init(publishableKey: try PublishableKey(issuer.publishableKey)))
        return LocalClerk(fake: fake, httpClient: httpClient, authenticator: authenticator)
    }

    /// Ready-to-paste requests for a signed-in user: a fresh token as Bearer, and an expired `__session`
    /// cookie with its refresh cookie (the server refreshes it through the fake Clerk, a traced call).
    func curlCommands(port: Int) -> String {
        let (session, refreshToken) = fake.createSession(userID: "user_observability")
        let now = fake.issuer.clock.now().rounded(.down)
        let fresh = fake.sessionToken(forSession: session.id, lifetime: 3600)!
        let expiredIssuedAt = now - 3600
        let expired = fake.sessionToken(forSession: session.id, issuedAt: expiredIssuedAt)!
        // `__client_uat` is the client's last sign-in: before the expired token was issued, so not stale.
        let clientUAT = Int64(expiredIssuedAt) - 60
        let url = "http://127.0.0.1:\(port)/me"
        return """
            ObservabilityApp on http://127.0.0.1:\(port), fake Clerk Backend API on \(fake.baseURL)

            # a fresh session token (valid for an hour) as Bearer: verified locally, no call to Clerk
            curl -i -H 'Authorization: Bearer \(fresh)' \(url)

            # an expired __session cookie: refreshed through Clerk (POST /v1/sessions/{id}/refresh) inside the request's trace
            curl -i --cookie '__session=\(expired); __client_uat=\(clientUAT); __refresh=\(refreshToken)' \(url)

            # no token: 401
            curl -i \(url)

            """
    }

    func shutdown() async {
        try? await httpClient.shutdown()
        try? await fake.shutdown()
    }
}
