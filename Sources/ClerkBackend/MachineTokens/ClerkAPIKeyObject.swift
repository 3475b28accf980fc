import ClerkSession

/// Clerk's `api_key` object, as `POST /api_keys/verify` answers it.
///
/// Timestamps are epoch **milliseconds**, as Clerk sends them. Decoding refuses an answer whose `object` is
/// not `api_key` or that lacks `id`, `subject`, `revoked`, `expired`, `created_at` or `updated_at`; unknown
/// fields are ignored. Encoding writes the API's snake_case shape (nullable fields as `null`). The secret
/// itself is not part of the object.
public struct ClerkAPIKeyObject: Sendable, Hashable, Codable {
    /// The `object` value: `api_key`.
    public static let objectName = "api_key"

    /// The key's id, `ak_…` (not the secret).
    public var id: String
    /// The key's type, `api_key`.
    public var type: String
    /// Who the key belongs to: a user (`user_…`), an organization (`org_…`) or a machine (`mch_…`).
    public var subject: String
    /// The key's name.
    public var name: String
    /// The key's description, if any.
    public var description: String?
    /// Custom claims given when the key was created, if any.
    public var claims: ClerkJSONValue?
    /// The key's scopes.
    public var scopes: [String]
    /// Whether the key was revoked.
    public var revoked: Bool
    /// Why it was revoked, when it was and a reason was given.
    public var revocationReason: String?
    /// Whether the key has expired.
    public var expired: Bool
    /// When the key expires (ms since 1970); nil when it never does.
    public var expiration: Int64?
    /// The user who created the key, if known.
    public var createdBy: String?
    /// When the key was last used (ms), if ever.
    public var lastUsedAt: Int64?
    /// Creation time (ms).
    public var createdAt: Int64
    /// Last update time (ms).
    public var updatedAt: Int64

    /// An API key object (for tests and fakes; the client decodes them from Clerk's answers).
    public init(
        id: String, type: String = "api_key", subject: String, name: String, description: String? = nil,
        claims: ClerkJSONValue? = nil, scopes: [String] = [], revoked: Bool = false, revocationReason: String? = nil,
        expired: Bool = false, expiration: Int64? = nil, createdBy: String? = nil, lastUsedAt: Int64? = nil,
        createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.type = type
        self.subject = subject
        self.name = name
        self.description = description
        self.claims = claims
        self.scopes = scopes
        self.revoked = revoked
        self.revocationReason = revocationReason
        self.expired = expired
        self.expiration = expiration
        self.createdBy = createdBy
        self.lastUsedAt = lastUsedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case object, id, type, subject, name, description, claims, scopes, revoked, expired, expiration
        case revocationReason = "revocation_reason"
        case createdBy = "created_by"
        case lastUsedAt = "last_used_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Decodes Clerk's JSON; refuses another `object` or a missing required member.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try MachineTokenDecoding.expectObject(Self.objectName, in: c, key: .object)
        id = try MachineTokenDecoding.nonEmpty(c, .id)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "api_key"
        subject = try MachineTokenDecoding.nonEmpty(c, .subject)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        description = try c.decodeIfPresent(String.self, forKey: .description)
        claims = try MachineTokenDecoding.claims(c, .claims)
        scopes = try c.decodeIfPresent([String].self, forKey: .scopes) ?? []
        revoked = try c.decode(Bool.self, forKey: .revoked)
        revocationReason = try c.decodeIfPresent(String.self, forKey: .revocationReason)
        expired = try c.decode(Bool.self, forKey: .expired)
        expiration = try c.decodeIfPresent(Int64.self, forKey: .expiration)
        createdBy = try c.decodeIfPresent(String.self, forKey: .createdBy)
        lastUsedAt = try c.decodeIfPresent(Int64.self, forKey: .lastUsedAt)
        createdAt = try c.decode(Int64.self, forKey: .createdAt)
        updatedAt = try c.decode(Int64.self, forKey: .updatedAt)
    }

    /// Encodes the API's shape, nullable members written as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.objectName, forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(subject, forKey: .subject)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(claims ?? .null, forKey: .claims)
        try c.encode(scopes, forKey: .scopes)
        try c.encode(revoked, forKey: .revoked)
        try c.encode(revocationReason, forKey: .revocationReason)
        try c.encode(expired, forKey: .expired)
        try c.encode(expiration, forKey: .expiration)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(lastUsedAt, forKey: .lastUsedAt)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    /// The verified caller: kind ``ClerkSession/ClerkTokenKind/apiKey``, the owner as subject, the key's
    /// name, times in seconds.
    public var identity: MachineIdentity {
        MachineIdentity(
            kind: .apiKey, id: id, subject: subject, scopes: scopes, name: name, claims: claims?.claimValue,
            expiresAtSeconds: MachineTokenDecoding.seconds(expiration),
            issuedAtSeconds: MachineTokenDecoding.seconds(createdAt))
    }
}
