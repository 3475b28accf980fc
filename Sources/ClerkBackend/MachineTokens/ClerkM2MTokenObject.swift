import ClerkSession

/// Clerk's `machine_to_machine_token` object, as `POST /m2m_tokens/verify` answers it.
///
/// Timestamps are epoch **milliseconds**, as Clerk sends them. Decoding refuses an answer whose `object` is
/// not `machine_to_machine_token` or that lacks `id`, `subject`, `revoked`, `expired`, `created_at` or
/// `updated_at`; unknown fields are ignored. Encoding writes the API's snake_case shape (nullable fields as
/// `null`). The token itself is not part of the object.
public struct ClerkM2MTokenObject: Sendable, Hashable, Codable {
    /// The `object` value: `machine_to_machine_token`.
    public static let objectName = "machine_to_machine_token"

    /// The token's id, `mt_…` (not the token).
    public var id: String
    /// The machine that owns the token, `mch_…`.
    public var subject: String
    /// Custom claims given when the token was created, if any.
    public var claims: ClerkJSONValue?
    /// The machines the token may call (`mch_…`).
    public var scopes: [String]
    /// Whether the token was revoked.
    public var revoked: Bool
    /// Why it was revoked, when it was and a reason was given.
    public var revocationReason: String?
    /// Whether the token has expired.
    public var expired: Bool
    /// When the token expires (ms since 1970); nil when it never does.
    public var expiration: Int64?
    /// When the token was last used (ms), if ever.
    public var lastUsedAt: Int64?
    /// Creation time (ms).
    public var createdAt: Int64
    /// Last update time (ms).
    public var updatedAt: Int64

    /// An M2M token object (for tests and fakes; the client decodes them from Clerk's answers).
    public init(
        id: String, subject: String, claims: ClerkJSONValue? = nil, scopes: [String] = [], revoked: Bool = false,
        revocationReason: String? = nil, expired: Bool = false, expiration: Int64? = nil, lastUsedAt: Int64? = nil,
        createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.subject = subject
        self.claims = claims
        self.scopes = scopes
        self.revoked = revoked
        self.revocationReason = revocationReason
        self.expired = expired
        self.expiration = expiration
        self.lastUsedAt = lastUsedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case object, id, subject, claims, scopes, revoked, expired, expiration
        case revocationReason = "revocation_reason"
        case lastUsedAt = "last_used_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Decodes Clerk's JSON; refuses another `object` or a missing required member.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try MachineTokenDecoding.expectObject(Self.objectName, in: c, key: .object)
        id = try MachineTokenDecoding.nonEmpty(c, .id)
        subject = try MachineTokenDecoding.nonEmpty(c, .subject)
        claims = try MachineTokenDecoding.claims(c, .claims)
        scopes = try c.decodeIfPresent([String].self, forKey: .scopes) ?? []
        revoked = try c.decode(Bool.self, forKey: .revoked)
        revocationReason = try c.decodeIfPresent(String.self, forKey: .revocationReason)
        expired = try c.decode(Bool.self, forKey: .expired)
        expiration = try c.decodeIfPresent(Int64.self, forKey: .expiration)
        lastUsedAt = try c.decodeIfPresent(Int64.self, forKey: .lastUsedAt)
        createdAt = try c.decode(Int64.self, forKey: .createdAt)
        updatedAt = try c.decode(Int64.self, forKey: .updatedAt)
    }

    /// Encodes the API's shape, nullable members written as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.objectName, forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(subject, forKey: .subject)
        try c.encode(claims ?? .null, forKey: .claims)
        try c.encode(scopes, forKey: .scopes)
        try c.encode(revoked, forKey: .revoked)
        try c.encode(revocationReason, forKey: .revocationReason)
        try c.encode(expired, forKey: .expired)
        try c.encode(expiration, forKey: .expiration)
        try c.encode(lastUsedAt, forKey: .lastUsedAt)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    /// The verified caller: kind ``ClerkSession/ClerkTokenKind/m2mToken``, the machine as subject, times in
    /// seconds.
    public var identity: MachineIdentity {
        MachineIdentity(
            kind: .m2mToken, id: id, subject: subject, scopes: scopes, claims: claims?.claimValue,
            expiresAtSeconds: MachineTokenDecoding.seconds(expiration),
            issuedAtSeconds: MachineTokenDecoding.seconds(createdAt))
    }
}
