/// Where a ``SessionKeyStore`` gets its keys: a pinned PEM, a JWKS document, or a remote endpoint.
///
/// Remote sources (Clerk's Backend API `GET /v1/jwks`, the Frontend API `/.well-known/jwks.json`, any
/// JWKS URL) live in `ClerkBackend`; this module has the networkless ones.
public protocol SessionKeySource: Sendable, CustomStringConvertible {
    /// Fetches the current key set. Called by the store only: at most one call is in flight at a time.
    func fetchKeySet() async throws(KeyFetchError) -> SessionKeySet
    /// Whether keys can change (remote sources). A static source is loaded once and never refreshed.
    var isRefreshable: Bool { get }
}
