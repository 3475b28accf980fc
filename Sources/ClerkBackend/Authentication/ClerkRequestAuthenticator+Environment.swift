import ClerkAuthentication
import ClerkSession

extension ClerkRequestAuthenticator {
    /// Builds the whole stack from Clerk's usual environment variables:
    ///
    /// - `CLERK_PUBLISHABLE_KEY` (required): the instance, hence the token issuer and the cookie suffix;
    /// - `CLERK_SECRET_KEY` (optional): the Backend API, for refreshing expired cookie tokens and for keys;
    /// - `CLERK_JWT_KEY` (optional): a pinned PEM public key: no key fetch at all;
    /// - `CLERK_MACHINE_SECRET_KEY` (optional): a machine secret key, sent instead of the secret key when the
    ///   Backend API client verifies opaque M2M tokens (``ClerkBackendClient/Configuration/machineSecretKey``);
    /// - `CLERK_API_URL` (optional): the Backend API base URL, default `https://api.clerk.com`;
    /// - `CLERK_AUTHORIZED_PARTIES` (optional): comma-separated origins accepted in `azp`.
    ///
    /// Without a secret key or a pinned key, the keys come from the Frontend API's public JWKS. The verifier's
    /// revocation list is also the client's: a `revokeSession` through `backend` is refused here at once.
    /// The Backend API client uses `HTTPClient.shared`.
    ///
    /// - Throws: ``ClerkVerificationError`` when a variable is missing or unusable (the message names it):
    ///   `configuration-invalid` for a missing `CLERK_PUBLISHABLE_KEY`, `publishable-key-invalid` for a
    ///   malformed one, `jwk-local-invalid` for an unusable `CLERK_JWT_KEY`. None of them is a key outage.
    ///
    /// - Parameters:
    ///   - acceptedTokens: the kinds of token accepted (session tokens only by default); opaque machine
    ///     tokens need `CLERK_SECRET_KEY` (see ``ClerkAuthentication/ClerkRequestAuthenticator/Configuration/acceptedTokens``).
    ///   - observability: where every part's metrics and spans go (the process-wide backends by default).
    public init(
        environment: [String: String], acceptedTokens: AcceptedTokenKinds = .sessionToken,
        observability: ClerkObservability = .global
    ) throws(ClerkVerificationError) {
        guard let publishable = environment["CLERK_PUBLISHABLE_KEY"], !publishable.isEmpty else {
            throw ClerkVerificationError(.configurationInvalid, "set CLERK_PUBLISHABLE_KEY (pk_test_… or pk_live_…)")
        }
        let publishableKey = try PublishableKey(publishable)
        // One list for the verifier and the client: a session this process revokes is refused here at once.
        let revocations = InMemoryRevocationList()
        let backend = environment["CLERK_SECRET_KEY"].flatMap { $0.isEmpty ? nil : $0 }.map { secret in
            ClerkBackendClient(
                configuration: .init(
                    secretKey: secret,
                    baseURL: environment["CLERK_API_URL"] ?? ClerkBackendClient.Configuration.defaultBaseURL,
                    machineSecretKey: environment["CLERK_MACHINE_SECRET_KEY"].flatMap { $0.isEmpty ? nil : $0 }),
                observability: observability, revocations: revocations)
        }
        let source: any SessionKeySource
        if let pem = environment["CLERK_JWT_KEY"], !pem.isEmpty {
            source = try StaticKeySource(clerkJWTKey: pem, issuer: publishableKey.issuer)
        } else if let backend {
            source = BackendAPIKeySource(client: backend, issuer: publishableKey.issuer)
        } else {
            source = try FrontendAPIKeySource(publishableKey: publishable, observability: observability)
        }
        let parties = Set(
            (environment["CLERK_AUTHORIZED_PARTIES"] ?? "").split(separator: ",")
                .map { $0.trimmingSpaces() }.filter { !$0.isEmpty })
        let verifier = SessionTokenVerifier(
            configuration: .init(issuers: [publishableKey.issuer], authorizedParties: parties),
            keyStore: SessionKeyStore(source: source, observability: observability), revocations: revocations)
        self.init(
            verifier: verifier, backend: backend,
            configuration: .init(publishableKey: publishableKey, acceptedTokens: acceptedTokens))
    }
}
