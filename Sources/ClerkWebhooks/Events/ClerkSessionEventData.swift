/// The `data` of a `session.*` event: the session (ids, status, times in milliseconds).
public struct ClerkSessionEventData: Sendable, Decodable {
    /// `id` (`sess_…`): the tokens' `sid`.
    public let id: String
    /// `user_id`: the tokens' `sub`.
    public let userID: String
    /// `client_id`.
    public let clientID: String?
    /// `status`: `active`, `pending`, `ended`, `removed`, `revoked`, …
    public let status: String?
    /// `updated_at` (ms).
    public let updatedAt: Int64?
    /// `expire_at` (ms).
    public let expireAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id, status
        case userID = "user_id"
        case clientID = "client_id"
        case updatedAt = "updated_at"
        case expireAt = "expire_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        userID = try c.decode(String.self, forKey: .userID)
        clientID = try? c.decodeIfPresent(String.self, forKey: .clientID)
        status = try? c.decodeIfPresent(String.self, forKey: .status)
        updatedAt = try? c.decodeIfPresent(Int64.self, forKey: .updatedAt)
        expireAt = try? c.decodeIfPresent(Int64.self, forKey: .expireAt)
    }
}

/// The `data` of a `user.updated` event: the members that matter to sessions (the rest through
/// ``ClerkWebhookEvent/decodeData(as:)``).
public struct ClerkUserEventData: Sendable, Decodable {
    /// `id` (`user_…`).
    public let id: String
    /// `banned`: a banned user's sessions are revoked by Clerk.
    public let banned: Bool
    /// `locked`: no new sign-in until the lock expires.
    public let locked: Bool
    /// `updated_at` (ms).
    public let updatedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id, banned, locked
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        banned = (try? c.decodeIfPresent(Bool.self, forKey: .banned)) ?? false
        locked = (try? c.decodeIfPresent(Bool.self, forKey: .locked)) ?? false
        updatedAt = try? c.decodeIfPresent(Int64.self, forKey: .updatedAt)
    }
}

/// The `data` of a deletion (`user.deleted`): Clerk's `DeletedObject`.
public struct ClerkDeletedObjectData: Sendable, Decodable {
    /// `object`, e.g. `user`.
    public let object: String
    /// `id` of what was deleted (always present for users; optional in Clerk's schema).
    public let id: String?
    /// `deleted`.
    public let deleted: Bool
    /// `external_id`, when the user had one.
    public let externalID: String?

    enum CodingKeys: String, CodingKey {
        case object, id, deleted
        case externalID = "external_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        object = try c.decode(String.self, forKey: .object)
        deleted = try c.decode(Bool.self, forKey: .deleted)
        id = try? c.decodeIfPresent(String.self, forKey: .id)
        externalID = try? c.decodeIfPresent(String.self, forKey: .externalID)
    }
}

/// The `data` of an `organizationMembership.deleted` event: who left which organization.
public struct ClerkOrganizationMembershipEventData: Sendable, Decodable {
    /// `id` (`orgmem_…`).
    public let id: String
    /// `organization.id`.
    public let organizationID: String
    /// `public_user_data.user_id`.
    public let userID: String
    /// `role`.
    public let role: String?

    enum CodingKeys: String, CodingKey {
        case id, organization, role
        case publicUserData = "public_user_data"
    }
    private struct Organization: Decodable { let id: String }
    private struct PublicUserData: Decodable {
        let userID: String
        enum CodingKeys: String, CodingKey { case userID = "user_id" }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        organizationID = try c.decode(Organization.self, forKey: .organization).id
        userID = try c.decode(PublicUserData.self, forKey: .publicUserData).userID
        role = try? c.decodeIfPresent(String.self, forKey: .role)
    }
}
