import ClerkSession

/// What the authenticator needs from Clerk's Backend API to verify opaque machine tokens: one call per
/// kind (`POST /m2m_tokens/verify`, `POST /api_keys/verify`, `POST /oauth_applications/access_tokens/verify`).
/// `ClerkBackendClient` conforms; tests may use a fake.
public protocol ClerkMachineTokenBackend: Sendable {
    /// Verifies an opaque `token` of `kind` (``ClerkSession/ClerkTokenKind/m2mToken`` for `mt_…`,
    /// ``ClerkSession/ClerkTokenKind/apiKey`` for `ak_…`, ``ClerkSession/ClerkTokenKind/oauthToken`` for
    /// `oat_…`) with Clerk.
    ///
    /// - Throws: ``ClerkAPIError``. ``ClerkAPIError/isMachineTokenRejection`` tells a bad token (a 400, 404
    ///   or 410 about it, or a 2xx answer saying it is revoked, expired or inactive: kind
    ///   ``ClerkAPIError/Kind/tokenRejected``) from Clerk being unable to judge it (transport, timeout,
    ///   5xx, 429, and 401/403, which are about the secret key).
    func verifyMachineToken(_ token: String, kind: ClerkTokenKind) async throws(ClerkAPIError) -> MachineIdentity
}

extension ClerkAPIError.Kind {
    /// Clerk answered 2xx about a machine token, but the answer says it is revoked, expired or inactive.
    public static let tokenRejected = ClerkAPIError.Kind(name: "token-rejected")
}

extension ClerkAPIError {
    /// Whether this failure judged the machine token bad (answer 401), rather than leaving it unjudged
    /// (answer 503): a ``Kind/tokenRejected`` answer, or an HTTP 400, 404, 410 or 422.
    public var isMachineTokenRejection: Bool {
        if kind == .tokenRejected { return true }
        guard kind == .http, let status else { return false }
        return status == 400 || status == 404 || status == 410 || status == 422
    }
}
