/// A Clerk webhook event type (`session.revoked`, `user.deleted`, …), compared byte for byte.
public struct ClerkWebhookEventType: Sendable, Hashable, CustomStringConvertible {
    /// The type as Clerk sends it.
    public let rawValue: String

    /// A type from its name.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// Byte equality (never Unicode-canonical `String ==`).
    public static func == (a: Self, b: Self) -> Bool { a.rawValue.utf8.elementsEqual(b.rawValue.utf8) }
    public func hash(into hasher: inout Hasher) {
        for byte in rawValue.utf8 { hasher.combine(byte) }
    }

    /// A session was created.
    public static let sessionCreated = Self("session.created")
    /// A session is signed in with tasks left to complete.
    public static let sessionPending = Self("session.pending")
    /// The user signed out; the session stays on its client.
    public static let sessionEnded = Self("session.ended")
    /// The user signed out and the session left its client.
    public static let sessionRemoved = Self("session.removed")
    /// The application revoked the session.
    public static let sessionRevoked = Self("session.revoked")
    /// A user was updated (`banned`, `locked`, …).
    public static let userUpdated = Self("user.updated")
    /// A user was deleted.
    public static let userDeleted = Self("user.deleted")
    /// A member left an organization.
    public static let organizationMembershipDeleted = Self("organizationMembership.deleted")

    /// The session types, whose `data` is a session.
    public static let sessionTypes: [Self] = [
        sessionCreated, sessionPending, sessionEnded, sessionRemoved, sessionRevoked,
    ]
    /// The session types after which no token of the session may be accepted.
    public static let terminalSessionTypes: [Self] = [sessionEnded, sessionRemoved, sessionRevoked]
}
