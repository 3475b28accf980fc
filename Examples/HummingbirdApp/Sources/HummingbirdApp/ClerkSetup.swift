import ClerkBackend
import ClerkSession
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds the request authenticator from the environment:
/// - `CLERK_PUBLISHABLE_KEY` (required): the instance, hence the token issuer and the cookie suffix;
/// - `CLERK_SECRET_KEY` (optional): the Backend API, for refreshing expired cookie tokens and for keys;
/// - `CLERK_JWT_KEY` (optional): a pinned PEM public key (no key fetch at all);
/// - `CLERK_AUTHORIZED_PARTIES` (optional): comma-separated origins accepted in `azp`.
/// Without a secret key or a pinned key, the keys come from the Frontend API's public JWKS.
enum ClerkSetup {
    static func authenticator(environment: [String: String]) throws -> ClerkRequestAuthenticator {
        guard let publishable = environment["CLERK_PUBLISHABLE_KEY"] else {
            throw SetupError("set CLERK_PUBLISHABLE_KEY (pk_test_… or pk_live_…)")
        }
        let publishableKey = try PublishableKey(publishable)
        let backend = environment["CLERK_SECRET_KEY"].map { ClerkBackendClient(configuration: .init(secretKey: $0)) }
        let source: any SessionKeySource
        if let pem = environment["CLERK_JWT_KEY"] {
            source = try StaticKeySource(clerkJWTKey: pem, issuer: publishableKey.issuer)
        } else if let backend {
            source = BackendAPIKeySource(client: backend, issuer: publishableKey.issuer)
        } else {
            source = try FrontendAPIKeySource(publishableKey: publishable)
        }
        let parties = Set((environment["CLERK_AUTHORIZED_PARTIES"] ?? "").split(separator: ",").map(String.init))
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [publishableKey.issuer], authorizedParties: parties),
            keyStore: SessionKeyStore(source: source))
        return ClerkRequestAuthenticator(verifier: verifier, backend: backend.map(RefreshBackend.init),
                                         configuration: .init(publishableKey: publishableKey))
    }
}

/// The Backend API calls the authenticator makes, through ``ClerkBackendClient``: session refresh only
/// (this example never enables Clerk's retired verify endpoint).
///
/// Once `ClerkBackendClient` conforms to `ClerkSessionBackend` itself, pass the client directly.
struct RefreshBackend: ClerkSessionBackend {
    let client: ClerkBackendClient

    func refreshSession(id: String, _ request: RefreshSessionRequest) async throws(ClerkAPIError) -> SessionRefreshResult {
        try await client.sessions.refresh(id, request)
    }

    func legacyVerifySession(id: String, token: String) async throws(ClerkAPIError) {
        throw ClerkAPIError(kind: .deprecatedEndpointDisabled, message: "legacy verify is not used by this example")
    }
}

/// A configuration mistake, reported at start-up.
struct SetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
