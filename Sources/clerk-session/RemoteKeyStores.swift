import ClerkBackend
import ClerkSession

/// Key stores fed over the network for `verify`: a JWKS URL, or the Backend API with CLERK_SECRET_KEY.
enum RemoteKeyStores {
    /// Runs `body` with a store over ``JWKSURLKeySource`` (when `jwksURL` is given) or over
    /// ``BackendAPIKeySource`` (CLERK_SECRET_KEY, `{apiURL}/v1/jwks`). The HTTP client (no redirects) is
    /// created for the call and shut down afterwards.
    static func withStore<T: Sendable>(
        jwksURL: String?, apiURL: String?, clock: ClerkClock,
        _ body: (SessionKeyStore) async throws -> T
    ) async throws -> T {
        let secretKey = CLIOutput.environment("CLERK_SECRET_KEY")
        if jwksURL == nil, secretKey == nil {
            throw ClerkVerificationError(.configurationInvalid, "no key source: CLERK_SECRET_KEY is not set")
        }
        let configuration = ClerkBackendClient.Configuration(
            secretKey: secretKey ?? "", baseURL: apiURL ?? ClerkBackendClient.Configuration.defaultBaseURL)
        return try await ClerkBackendClient.withClient(configuration: configuration) { client in
            let source: any SessionKeySource =
                if let jwksURL {
                    JWKSURLKeySource(url: jwksURL, httpClient: client.httpClient)
                } else {
                    BackendAPIKeySource(client: client)
                }
            return try await body(SessionKeyStore(source: source, clock: clock))
        }
    }
}
