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
