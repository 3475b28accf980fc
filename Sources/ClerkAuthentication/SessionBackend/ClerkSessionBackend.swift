/// The two Backend API calls request authentication may make. ``ClerkBackendClient`` conforms; tests may
/// substitute their own.
public protocol ClerkSessionBackend: Sendable {
    /// `POST /v1/sessions/{id}/refresh`.
    func refreshSession(id: String, _ request: RefreshSessionRequest) async throws(ClerkAPIError)
        -> SessionRefreshResult
    /// `POST /v1/sessions/{id}/verify` (deprecated; only with the legacy compatibility flag).
    func legacyVerifySession(id: String, token: String) async throws(ClerkAPIError)
}
