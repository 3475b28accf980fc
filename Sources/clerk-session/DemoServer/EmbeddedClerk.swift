import AsyncHTTPClient
import ClerkBackend
import ClerkSession
import ClerkTesting
import ClerkWebhooks
import Logging
import NIOCore

/// The embedded default of `demo` and `serve`: a test issuer, a fake Clerk Backend API on 127.0.0.1, and
/// the example server with the authentication middleware, all in this process. No account, no network.
struct EmbeddedClerk {
    static let appOrigin = "https://app.demo.test"

    let issuer: TestIssuer
    let fake: FakeClerkServer
    let httpClient: HTTPClient
    let client: ClerkBackendClient
    let store: SessionKeyStore
    let authenticator: ClerkRequestAuthenticator
    /// The secret of the example server's webhook endpoint, which the fake Clerk signs with.
    let webhookSigner: TestWebhookSigner
    /// `POST /webhooks/clerk` of the example server: feeds the verifier's revocation list.
    let webhooks: ClerkWebhookEndpoint

    static func start() async throws -> EmbeddedClerk {
        let issuer = TestIssuer(
            frontendAPIHost: "clerk.demo.test", keyID: "ins_demo_instance", authorizedParty: appOrigin)
        let fake = try await FakeClerkServer.start(issuer: issuer)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let client = ClerkBackendClient(
            configuration: .init(secretKey: fake.secretKey, baseURL: fake.baseURL), httpClient: httpClient)
        let store = SessionKeyStore(source: BackendAPIKeySource(client: client, issuer: issuer.issuer))
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], authorizedParties: [appOrigin]), keyStore: store)
        let authenticator = ClerkRequestAuthenticator(
            verifier: verifier, backend: client,
            configuration: .init(publishableKey: try PublishableKey(issuer.publishableKey)))
        await store.prewarm()
        let signer = TestWebhookSigner()
        let webhooks = ClerkWebhookEndpoint(
            verifier: ClerkWebhookVerifier(secret: try ClerkWebhookSecret(signer.secretText)),
            revocations: verifier.revocations, logger: Logger(label: "clerk.demo.webhooks"))
        return EmbeddedClerk(
            issuer: issuer, fake: fake, httpClient: httpClient, client: client, store: store,
            authenticator: authenticator, webhookSigner: signer, webhooks: webhooks)
    }

    /// The authenticator of the example server's `GET /page`: Clerk's browser flows for a production
    /// instance whose Frontend API is the fake (through `proxyURL`), on the example server's origin.
    func browserAuthenticator(port: Int) throws -> ClerkRequestAuthenticator {
        fake.handshakeStyle = .tokenInCookie
        let key = try PublishableKey(PublishableKey.encode(host: issuer.frontendAPIHost, live: true))
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [issuer.issuer], authorizedParties: [Self.appOrigin]), keyStore: store)
        return ClerkRequestAuthenticator(
            verifier: verifier, backend: client,
            configuration: .init(
                browserFlows: ClerkBrowserFlows(
                    publishableKey: key, publicOrigin: .fixed("http://127.0.0.1:\(port)"), proxyURL: fake.baseURL)))
    }

    func shutdown() async {
        try? await httpClient.shutdown()
        try? await fake.shutdown()
    }
}
