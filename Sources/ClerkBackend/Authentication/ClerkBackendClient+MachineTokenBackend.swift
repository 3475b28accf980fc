import ClerkAuthentication
import ClerkSession

extension ClerkBackendClient: ClerkMachineTokenBackend {
    /// Verifies an opaque machine token with Clerk (see ``MachineTokens``), for ``ClerkRequestAuthenticator``:
    /// `mt_…` through `POST /m2m_tokens/verify`, `ak_…` through `POST /api_keys/verify`, `oat_…` through
    /// `POST /oauth_applications/access_tokens/verify`. A session token `kind` is refused
    /// (``ClerkAPIError/Kind-swift.struct/invalidArgument``) without sending anything.
    public func verifyMachineToken(_ token: String, kind: ClerkTokenKind) async throws(ClerkAPIError)
        -> MachineIdentity
    {
        switch kind {
        case .m2mToken: try await machineTokens.verifyM2MToken(token).identity
        case .apiKey: try await machineTokens.verifyAPIKey(token).identity
        case .oauthToken: try await machineTokens.verifyOAuthAccessToken(token).identity
        case .sessionToken:
            throw ClerkAPIError(
                kind: .invalidArgument, message: "session tokens are verified locally, not by the Backend API")
        }
    }
}
