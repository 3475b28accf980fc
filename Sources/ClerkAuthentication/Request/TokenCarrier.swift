/// Where a request carried its session token.
public enum TokenCarrier: String, Sendable {
    /// `Authorization: Bearer` (API clients; never refreshed server-side).
    case header
    /// The `__session` cookie (browsers).
    case cookie
}
