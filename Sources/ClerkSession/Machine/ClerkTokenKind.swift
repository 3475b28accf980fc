/// The kinds of token Clerk issues, as Clerk's SDKs name them (`acceptsToken`).
///
/// A token's kind is read from its text the way Clerk's JavaScript SDK reads it, with one difference: a
/// JWT's kind is only trusted once its signature verified (see ``SessionTokenVerifier/verify(_:accepting:)``).
/// - an opaque token (no `.`) is an M2M token when it starts with `mt_`, an OAuth access token with `oat_`,
///   an API key with `ak_`;
/// - a JWT whose `sub` starts with `mch_` is an M2M token; a JWT whose header `typ` is `at+jwt` or
///   `application/at+jwt` is an OAuth access token; any other JWT is a session token.
public enum ClerkTokenKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A session token (a short-lived JWT in `__session` or `Authorization: Bearer`).
    case sessionToken = "session_token"
    /// A machine-to-machine token: opaque `mt_…`, or a JWT whose subject is a machine (`mch_…`).
    case m2mToken = "m2m_token"
    /// An API key, `ak_…` (always opaque).
    case apiKey = "api_key"
    /// An OAuth access token: opaque `oat_…`, or a JWT with `typ: at+jwt`.
    case oauthToken = "oauth_token"

    /// Clerk's name, e.g. `m2m_token`.
    public var description: String { rawValue }

    /// Whether this is one of the machine kinds (everything but ``sessionToken``).
    public var isMachine: Bool { self != .sessionToken }

    /// The opaque kind `token`'s prefix names, when `token` is opaque (has no `.`) and starts with `mt_`,
    /// `oat_` or `ak_`; nil for anything else (a JWT, or text with no known prefix). Bytes, not text: no
    /// Unicode look-alike of a prefix matches.
    public static func opaqueKind(of token: String) -> ClerkTokenKind? {
        // One byte decides for nearly every token (a JWT starts with "eyJ"): the session hot path pays only this.
        let utf8 = token.utf8
        guard let first = utf8.first, first == 0x6D || first == 0x61 || first == 0x6F else { return nil }
        var bytes = utf8.makeIterator()
        let a = bytes.next()
        let b = bytes.next()
        let c = bytes.next()
        let d = bytes.next()
        let kind: ClerkTokenKind
        switch (a, b, c, d) {
        case (0x6D, 0x74, 0x5F, _): kind = .m2mToken  // "mt_"
        case (0x61, 0x6B, 0x5F, _): kind = .apiKey  // "ak_"
        case (0x6F, 0x61, 0x74, 0x5F): kind = .oauthToken  // "oat_"
        default: return nil
        }
        // A JWT-shaped token with a machine prefix is a JWT (as in Clerk's SDK, the JWT form is tested first).
        if utf8.contains(0x2E) { return nil }
        return kind
    }
}
