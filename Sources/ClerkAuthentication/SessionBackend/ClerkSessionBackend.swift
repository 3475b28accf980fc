/// The two Backend API calls request authentication may make. ``ClerkBackendClient`` conforms; tests may
/// substitute their own.
public protocol ClerkSessionBackend: Sendable {
    /// `POST /v1/sessions/{id}/refresh`.
    func refreshSession(id: String, _ request: RefreshSessionRequest) async throws(ClerkAPIError)
        -> SessionRefreshResult
    /// `POST /v1/sessions/{id}/verify` (deprecated; only with the legacy compatibility flag).
    func legacyVerifySession(id: String, token: String) async throws(ClerkAPIError)
    /// `GET /v1/clients/handshake_payload?nonce=…` (``ClerkBrowserFlows``): a handshake's cookie directives.
    /// Has a default that makes no call.
    func handshakePayload(nonce: String) async throws(ClerkAPIError) -> [String]
}

extension ClerkSessionBackend {
    /// `GET /v1/clients/handshake_payload?nonce=…`: the cookie directives of a handshake that Clerk's Frontend
    /// API left behind a nonce (``ClerkBrowserFlows``). The default answers `invalid-argument` without a call:
    /// a backend that cannot fetch payloads resolves only handshake tokens.
    public func handshakePayload(nonce: String) async throws(ClerkAPIError) -> [String] {
        throw ClerkAPIError(kind: .invalidArgument, message: "this backend cannot fetch handshake payloads")
    }
}
