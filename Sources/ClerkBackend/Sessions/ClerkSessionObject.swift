/// Clerk's `Session` object, as answered by the Sessions endpoints.
///
/// Timestamps are Clerk's Unix timestamps as sent (epoch milliseconds in practice), kept as `Int64`.
/// Unknown fields are ignored; encoding writes the API's snake_case shape (nullable fields as `null`).
public struct ClerkSessionObject: Sendable, Hashable, Codable {
    /// A session status; unknown values are kept as they came.
    public struct Status: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The status as sent by Clerk.
        public let rawValue: String
        /// A status from its wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The wire value.
        public var description: String { rawValue }
        /// Decodes the wire string.
        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }
        /// Encodes the wire string.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
        /// `active`.
        public static let active = Status(rawValue: "active")
        /// `revoked`.
        public static let revoked = Status(rawValue: "revoked")
        /// `ended`.
        public static let ended = Status(rawValue: "ended")
        /// `expired`.
        public static let expired = Status(rawValue: "expired")
        /// `removed`.
        public static let removed = Status(rawValue: "removed")
        /// `abandoned`.
        public static let abandoned = Status(rawValue: "abandoned")
        /// `replaced`.
        public static let replaced = Status(rawValue: "replaced")
        /// `pending` (since API version 2025-04-10).
        public static let pending = Status(rawValue: "pending")
    }

    /// A pending session task (`{ "key": … }`).
    public struct SessionTask: Sendable, Hashable, Codable {
        /// The task key, e.g. `choose-organization`.
        public var key: String
        /// A task.
        public init(key: String) { self.key = key }
    }

    /// Always `session`.
    public var object: String
    /// The session id, `sess_…`.
    public var id: String
    /// The user id, `user_…`.
    public var userID: String
    /// The client id, `client_…`.
    public var clientID: String
    /// The impersonation actor, free-form.
    public var actor: ClerkJSONValue?
    /// The status.
    public var status: Status
    /// The organization active when the session was last used.
    public var lastActiveOrganizationID: String?
    /// Last activity time.
    public var lastActiveAt: Int64
    /// Details of the latest activity.
    public var latestActivity: SessionActivity?
    /// Expiry time.
    public var expireAt: Int64
    /// Abandon time.
    public var abandonAt: Int64
    /// Last update time.
    public var updatedAt: Int64
    /// Creation time.
    public var createdAt: Int64
    /// Pending tasks.
    public var tasks: [SessionTask]?

    /// A session object (for tests and fakes; the client decodes them from Clerk's answers).
    public init(
        object: String = "session", id: String, userID: String, clientID: String, actor: ClerkJSONValue? = nil,
        status: Status, lastActiveOrganizationID: String? = nil, lastActiveAt: Int64,
        latestActivity: SessionActivity? = nil, expireAt: Int64, abandonAt: Int64, updatedAt: Int64,
        createdAt: Int64, tasks: [SessionTask]? = nil
    ) {
        self.object = object
        self.id = id
        self.userID = userID
        self.clientID = clientID
        self.actor = actor
        self.status = status
        self.lastActiveOrganizationID = lastActiveOrganizationID
        self.lastActiveAt = lastActiveAt
        self.latestActivity = latestActivity
        self.expireAt = expireAt
        self.abandonAt = abandonAt
        self.updatedAt = updatedAt
        self.createdAt = createdAt
        self.tasks = tasks
    }

    enum CodingKeys: String, CodingKey {
        case object, id, actor, status, tasks
        case userID = "user_id"
        case clientID = "client_id"
        case lastActiveOrganizationID = "last_active_organization_id"
        case lastActiveAt = "last_active_at"
        case latestActivity = "latest_activity"
        case expireAt = "expire_at"
        case abandonAt = "abandon_at"
        case updatedAt = "updated_at"
        case createdAt = "created_at"
    }

    /// Decodes Clerk's JSON (unknown members ignored).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        object = try c.decode(String.self, forKey: .object)
        id = try c.decode(String.self, forKey: .id)
        userID = try c.decode(String.self, forKey: .userID)
        clientID = try c.decode(String.self, forKey: .clientID)
        let actorValue = try c.decodeIfPresent(ClerkJSONValue.self, forKey: .actor)
        actor = actorValue == .null ? nil : actorValue
        status = try c.decode(Status.self, forKey: .status)
        lastActiveOrganizationID = try c.decodeIfPresent(String.self, forKey: .lastActiveOrganizationID)
        lastActiveAt = try c.decode(Int64.self, forKey: .lastActiveAt)
        latestActivity = try c.decodeIfPresent(SessionActivity.self, forKey: .latestActivity)
        expireAt = try c.decode(Int64.self, forKey: .expireAt)
        abandonAt = try c.decode(Int64.self, forKey: .abandonAt)
        updatedAt = try c.decode(Int64.self, forKey: .updatedAt)
        createdAt = try c.decode(Int64.self, forKey: .createdAt)
        tasks = try c.decodeIfPresent([SessionTask].self, forKey: .tasks)
    }

    /// Encodes the API's shape, nullable members written as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(object, forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(userID, forKey: .userID)
        try c.encode(clientID, forKey: .clientID)
        try c.encode(actor ?? .null, forKey: .actor)
        try c.encode(status, forKey: .status)
        try c.encode(lastActiveOrganizationID, forKey: .lastActiveOrganizationID)
        try c.encode(lastActiveAt, forKey: .lastActiveAt)
        try c.encode(latestActivity, forKey: .latestActivity)
        try c.encode(expireAt, forKey: .expireAt)
        try c.encode(abandonAt, forKey: .abandonAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(tasks, forKey: .tasks)
    }
}
