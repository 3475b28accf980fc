/// Session status from the `sts` claim.
public struct SessionStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    /// A normal, signed-in session.
    public static let active = SessionStatus(rawValue: "active")
    /// A session with pending tasks (e.g. choose an organization); signed out unless configured.
    public static let pending = SessionStatus(rawValue: "pending")
}
