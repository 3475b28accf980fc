/// Where ``SessionTokenVerifier`` learns which sessions and users are revoked, on every verification (cold
/// or from its cache).
///
/// ``revocation(sessionID:userID:issuedAt:)`` runs on the hot path: it must answer from local memory, take no
/// contended lock and allocate nothing. ``record(_:)`` feeds the list: verified webhooks and this package's
/// own `revokeSession` calls, never anything a request can cause. ``InMemoryRevocationList`` is the default;
/// a shared store (PostgreSQL) keeps one in memory for reads and spreads records across instances.
public protocol SessionRevocationList: Sendable {
    /// True when the list certainly holds nothing: the verifier then skips the check without reading the
    /// token's `sid` and `sub`. Must be as cheap as an atomic load; `false` is always a safe answer.
    var isEmpty: Bool { get }

    /// The revocation that refuses a token with these claims (raw bytes of `sid` and `sub`, `iat` in seconds),
    /// or nil.
    func revocation(sessionID: ArraySlice<UInt8>?, userID: ArraySlice<UInt8>?, issuedAt: Double?)
        -> SessionRevocation?

    /// Adds revocations. Applied locally before it returns; a shared store may also publish them.
    func record(_ revocations: [SessionRevocation]) async
}

extension SessionRevocationList {
    /// `false`: a list that cannot tell cheaply is asked about every token.
    public var isEmpty: Bool { false }
}
