/// The body of `POST /v1/sessions/{session_id}/refresh`.
public struct RefreshSessionRequest: Sendable, Hashable {
    /// How Clerk should answer.
    public enum Format: String, Sendable, Hashable, Codable {
        /// `{ "object": "token", "jwt": … }`
        case token
        /// `{ "object": "cookies", "cookies": [Set-Cookie directives] }`
        case cookie
    }

    /// The expired session token (from the `__session` cookie); it must belong to the session.
    public var expiredToken: String
    /// The refresh token (the `__refresh_<suffix>` cookie).
    public var refreshToken: String
    /// The origin of the incoming request, e.g. `https://app.example.com`.
    public var requestOrigin: String
    /// The client's IP address, when known.
    public var requestOriginatingIP: String?
    /// The incoming request's headers, as `name: [values]`.
    public var requestHeaders: [String: [String]]?
    /// The answer format; Clerk's default is `token`.
    public var format: Format?
    /// Sent as the query parameter `suffixed_cookies=true|false` (not in the body): whether the browser uses
    /// suffixed cookie names (`__session_<suffix>`), so Clerk answers with the same names. Nil sends nothing.
    public var suffixedCookies: Bool?

    /// A refresh request; the first three fields are required by Clerk.
    public init(
        expiredToken: String, refreshToken: String, requestOrigin: String,
        requestOriginatingIP: String? = nil, requestHeaders: [String: [String]]? = nil, format: Format? = nil,
        suffixedCookies: Bool? = nil
    ) {
        self.suffixedCookies = suffixedCookies
        self.expiredToken = expiredToken
        self.refreshToken = refreshToken
        self.requestOrigin = requestOrigin
        self.requestOriginatingIP = requestOriginatingIP
        self.requestHeaders = requestHeaders
        self.format = format
    }
}
