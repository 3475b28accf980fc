import ClerkAuthentication

/// The filters and page of `GET /v1/sessions`. The client always sends `paginated=true`.
///
/// Clerk asks for at least one of ``clientID`` and ``userID`` (deprecation notice since 2024-01-01).
public struct SessionListQuery: Sendable, Hashable {
    /// The status filter (Clerk's filter enum has no `pending`).
    public enum Status: String, Sendable, Hashable, CaseIterable, Codable {
        /// `abandoned`
        case abandoned
        /// `active`
        case active
        /// `ended`
        case ended
        /// `expired`
        case expired
        /// `removed`
        case removed
        /// `replaced`
        case replaced
        /// `revoked`
        case revoked
    }

    /// Only sessions of this client.
    public var clientID: String?
    /// Only sessions of this user.
    public var userID: String?
    /// Only sessions in this status.
    public var status: Status?
    /// Page size, 1…500 (Clerk's default is 10).
    public var limit: Int?
    /// Items to skip, ≥ 0.
    public var offset: Int?

    /// A query; every filter is optional.
    public init(
        clientID: String? = nil, userID: String? = nil, status: Status? = nil, limit: Int? = nil,
        offset: Int? = nil
    ) {
        self.clientID = clientID
        self.userID = userID
        self.status = status
        self.limit = limit
        self.offset = offset
    }

    /// The query items, validated: ids not empty, limit in 1…500, offset ≥ 0.
    func queryItems() throws(ClerkAPIError) -> [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        if let clientID {
            items.append(("client_id", try PathArgument.validateQueryValue(clientID, name: "client id")))
        }
        if let userID { items.append(("user_id", try PathArgument.validateQueryValue(userID, name: "user id"))) }
        if let status { items.append(("status", status.rawValue)) }
        items.append(("paginated", "true"))
        if let limit {
            guard (1...500).contains(limit) else {
                throw ClerkAPIError(kind: .invalidArgument, message: "limit must be between 1 and 500 (got \(limit))")
            }
            items.append(("limit", String(limit)))
        }
        if let offset {
            guard offset >= 0 else {
                throw ClerkAPIError(kind: .invalidArgument, message: "offset must not be negative (got \(offset))")
            }
            items.append(("offset", String(offset)))
        }
        return items
    }
}
