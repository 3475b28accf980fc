import ClerkSession

/// Clerk's `clerk_idp_oauth_access_token` object, as `POST /oauth_applications/access_tokens/verify`
/// answers it for an active token. (Clerk's other answer, `{"active": false}`, is refused by the client as
/// ``ClerkAuthentication/ClerkAPIError/Kind-swift.struct/tokenRejected``.)
///
/// Timestamps are epoch **milliseconds**, as Clerk sends them. Decoding refuses an answer whose `object` is
/// not `clerk_idp_oauth_access_token` or that lacks `id`, `client_id`, `subject`, `revoked`, `expired`,
/// `created_at` or `updated_at`; unknown fields are ignored. Encoding writes the API's snake_case shape
/// (nullable fields as `null`). The token itself is not part of the object.
public struct ClerkOAuthAccessTokenObject: Sendable, Hashable, Codable {
    /// The `object` value: `clerk_idp_oauth_access_token`.
    public static let objectName = "clerk_idp_oauth_access_token"

    /// The token's id, `oat_…` (not the token).
    public var id: String
    /// The OAuth application (client) the token was issued to.
    public var clientID: String
    /// The user the token acts for, `user_…`.
    public var subject: String
    /// The OAuth scopes granted.
    public var scopes: [String]
    /// Whether the token was revoked.
    public var revoked: Bool
    /// Why it was revoked, when it was and a reason was given.
    public var revocationReason: String?
    /// Whether the token has expired.
    public var expired: Bool
    /// When the token expires (ms since 1970); nil when it never does.
    public var expiration: Int64?
    /// Creation time (ms).
    public var createdAt: Int64
    /// Last update time (ms).
    public var updatedAt: Int64

    /// An OAuth access token object (for tests and fakes; the client decodes them from Clerk's answers).
    public init(
        id: String, clientID: String, subject: String, scopes: [String] = [], revoked: Bool = false,
        revocationReason: String? = nil, expired: Bool = false, expiration: Int64? = nil, createdAt: Int64,
        updatedAt: Int64
    ) {
        self.id = id
        self.clientID = clientID
        self.subject = subject
        self.scopes = scopes
        self.revoked = revoked
        self.revocationReason = revocationReason
        self.expired = expired
        self.expiration = expiration
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case object, id, subject, scopes, revoked, expired, expiration
        case clientID = "client_id"
        case revocationReason = "revocation_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Decodes Clerk's JSON; refuses another `object` or a missing required member.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try MachineTokenDecoding.expectObject(Self.objectName, in: c, key: .object)
        id = try MachineTokenDecoding.nonEmpty(c, .id)
        clientID = try MachineTokenDecoding.nonEmpty(c, .clientID)
        subject = try MachineTokenDecoding.nonEmpty(c, .subject)
        scopes = try c.decodeIfPresent([String].self, forKey: .scopes) ?? []
        revoked = try c.decode(Bool.self, forKey: .revoked)
        revocationReason = try c.decodeIfPresent(String.self, forKey: .revocationReason)
        expired = try c.decode(Bool.self, forKey: .expired)
        expiration = try c.decodeIfPresent(Int64.self, forKey: .expiration)
        createdAt = try c.decode(Int64.self, forKey: .createdAt)
        updatedAt = try c.decode(Int64.self, forKey: .updatedAt)
    }

    /// Encodes the API's shape, nullable members written as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.objectName, forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(clientID, forKey: .clientID)
        try c.encode(subject, forKey: .subject)
        try c.encode(scopes, forKey: .scopes)
        try c.encode(revoked, forKey: .revoked)
        try c.encode(revocationReason, forKey: .revocationReason)
        try c.encode(expired, forKey: .expired)
        try c.encode(expiration, forKey: .expiration)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    /// The verified caller: kind ``ClerkSession/ClerkTokenKind/oauthToken``, the user as subject, the client
    /// id, times in seconds.
    public var identity: MachineIdentity {
        MachineIdentity(
            kind: .oauthToken, id: id, subject: subject, scopes: scopes, clientID: clientID,
            expiresAtSeconds: MachineTokenDecoding.seconds(expiration),
            issuedAtSeconds: MachineTokenDecoding.seconds(createdAt))
    }
}
