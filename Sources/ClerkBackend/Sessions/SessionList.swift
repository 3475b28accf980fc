/// A page of sessions. Decodes both answers of `GET /v1/sessions`: the bare array (the spec) and
/// `{ "data": [...], "total_count": N }` (with `paginated=true`). Encodes the paginated shape.
public struct SessionList: Sendable, Hashable, Codable {
    /// The sessions, newest first.
    public var sessions: [ClerkSessionObject]
    /// The total number of matching sessions, when Clerk sent the paginated shape.
    public var totalCount: Int?

    /// A page.
    public init(sessions: [ClerkSessionObject], totalCount: Int? = nil) {
        self.sessions = sessions
        self.totalCount = totalCount
    }

    enum CodingKeys: String, CodingKey {
        case sessions = "data"
        case totalCount = "total_count"
    }

    /// Decodes the bare array or the paginated object.
    public init(from decoder: any Decoder) throws {
        if let array = try? decoder.singleValueContainer().decode([ClerkSessionObject].self) {
            self.init(sessions: array, totalCount: nil)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sessions: try c.decode([ClerkSessionObject].self, forKey: .sessions),
            totalCount: try c.decodeIfPresent(Int.self, forKey: .totalCount))
    }

    /// Encodes `{ "data": [...], "total_count": N }` (the count of ``sessions`` when unknown).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sessions, forKey: .sessions)
        try c.encode(totalCount ?? sessions.count, forKey: .totalCount)
    }
}
