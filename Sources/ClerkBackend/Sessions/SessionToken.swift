/// A minted session token: `{ "object": "token", "jwt": … }`.
///
/// ``description`` never shows the whole token.
public struct SessionToken: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Always `token`.
    public var object: String
    /// The signed JWT.
    public var jwt: String

    /// A token answer.
    public init(object: String = "token", jwt: String) {
        self.object = object
        self.jwt = jwt
    }

    /// `SessionToken(jwt: <N bytes>)`, without the token itself.
    public var description: String { "SessionToken(jwt: <\(jwt.utf8.count) bytes>)" }
}
