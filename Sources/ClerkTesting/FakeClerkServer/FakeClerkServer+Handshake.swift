import ClerkSession

extension FakeClerkServer {
    /// How the fake Frontend API sends a browser back from `GET /v1/client/handshake`.
    ///
    /// Clerk sends small payloads as a handshake token and larger ones behind a nonce; development instances
    /// get them in the query, production ones as a cookie on the app's domain.
    public enum HandshakeStyle: Sendable, Hashable {
        /// `__clerk_handshake=<JWT>` appended to `redirect_url` (development).
        case tokenInQuery
        /// `Set-Cookie: __clerk_handshake=<JWT>` on the redirect (production).
        case tokenInCookie
        /// `__clerk_handshake_nonce=<nonce>` appended to `redirect_url`.
        case nonceInQuery
        /// `Set-Cookie: __clerk_handshake_nonce=<nonce>` on the redirect.
        case nonceInCookie
    }

    /// How the fake Frontend API answers handshakes (default ``HandshakeStyle/tokenInQuery``).
    public var handshakeStyle: HandshakeStyle {
        get { core.state.withLock { $0.handshakeStyle } }
        set { core.state.withLock { $0.handshakeStyle = newValue } }
    }

    /// The Frontend API's handshake URL of this fake (`<baseURL>/v1/client/handshake`): configure
    /// `ClerkBrowserFlows.proxyURL` as ``baseURL`` to send handshakes here.
    public var handshakeURL: String { baseURL + "/v1/client/handshake" }
}
