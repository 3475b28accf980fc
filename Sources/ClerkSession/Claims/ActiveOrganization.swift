/// The active organization of a session.
public struct ActiveOrganization: Sendable, Hashable {
    /// `org_…`
    public let id: String
    public let slug: String?
    /// The role with its `org:` prefix, e.g. `org:admin`.
    public let role: String?
    /// Permissions as `org:<feature>:<permission>`.
    public let permissions: [String]
}
