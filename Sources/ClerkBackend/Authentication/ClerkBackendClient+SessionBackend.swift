import ClerkAuthentication

extension ClerkBackendClient: ClerkSessionBackend {
    /// `POST /v1/sessions/{id}/refresh`, for ``ClerkRequestAuthenticator``.
    public func refreshSession(id: String, _ request: RefreshSessionRequest) async throws(ClerkAPIError)
        -> SessionRefreshResult
    {
        try await sessions.refresh(id, request)
    }

    /// `POST /v1/sessions/{id}/verify` (deprecated), for ``ClerkRequestAuthenticator``'s opt-in legacy path.
    @available(*, deprecated, message: "Clerk retires POST /v1/sessions/{id}/verify; verify tokens locally instead")
    public func legacyVerifySession(id: String, token: String) async throws(ClerkAPIError) {
        _ = try await sessions.verify(id, token: token)
    }
}
