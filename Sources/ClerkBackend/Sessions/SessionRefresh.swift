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

    /// A refresh request; the first three fields are required by Clerk.
    public init(expiredToken: String, refreshToken: String, requestOrigin: String,
                requestOriginatingIP: String? = nil, requestHeaders: [String: [String]]? = nil, format: Format? = nil) {
        self.expiredToken = expiredToken
        self.refreshToken = refreshToken
        self.requestOrigin = requestOrigin
        self.requestOriginatingIP = requestOriginatingIP
        self.requestHeaders = requestHeaders
        self.format = format
    }
}

/// The answer of a session refresh: a new token, or `Set-Cookie` directives that carry it.
///
/// Codable as Clerk's wire shapes: `{ "object": "token", "jwt": … }` and
/// `{ "object": "cookies", "cookies": [ … ] }`. ``description`` never shows a whole token.
public enum SessionRefreshResult: Sendable, Hashable {
    /// The new session token (format `token`).
    case token(String)
    /// `Set-Cookie` directives carrying the new token (format `cookie`); forward each as a header.
    case cookies([String])
}

extension SessionRefreshResult: Codable, CustomStringConvertible {
    enum CodingKeys: String, CodingKey {
        case object, jwt, cookies
    }

    /// Decodes either answer shape (by `object`, else by which member is present).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let object = try c.decodeIfPresent(String.self, forKey: .object)
        switch object {
        case "cookies":
            self = .cookies(try c.decode([String].self, forKey: .cookies))
        case "token":
            self = .token(try c.decode(String.self, forKey: .jwt))
        default:
            if let jwt = try c.decodeIfPresent(String.self, forKey: .jwt) {
                self = .token(jwt)
            } else {
                self = .cookies(try c.decode([String].self, forKey: .cookies))
            }
        }
    }

    /// Encodes Clerk's wire shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .token(let jwt):
            try c.encode("token", forKey: .object)
            try c.encode(jwt, forKey: .jwt)
        case .cookies(let cookies):
            try c.encode("cookies", forKey: .object)
            try c.encode(cookies, forKey: .cookies)
        }
    }

    /// A summary without token values.
    public var description: String {
        switch self {
        case .token(let jwt): "SessionRefreshResult.token(<\(jwt.utf8.count) bytes>)"
        case .cookies(let cookies): "SessionRefreshResult.cookies(\(cookies.count) directives)"
        }
    }
}

/// The wire body of `POST /v1/sessions/{id}/refresh`.
struct RefreshSessionBody: Encodable {
    var request: RefreshSessionRequest
    enum CodingKeys: String, CodingKey {
        case expiredToken = "expired_token"
        case refreshToken = "refresh_token"
        case requestOrigin = "request_origin"
        case requestOriginatingIP = "request_originating_ip"
        case requestHeaders = "request_headers"
        case format
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(request.expiredToken, forKey: .expiredToken)
        try c.encode(request.refreshToken, forKey: .refreshToken)
        try c.encode(request.requestOrigin, forKey: .requestOrigin)
        try c.encodeIfPresent(request.requestOriginatingIP, forKey: .requestOriginatingIP)
        try c.encodeIfPresent(request.requestHeaders, forKey: .requestHeaders)
        try c.encodeIfPresent(request.format, forKey: .format)
    }
}
