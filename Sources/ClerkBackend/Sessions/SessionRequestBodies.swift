/// `POST /v1/sessions` body.
struct CreateSessionBody: Encodable {
    var userID: String
    var activeOrganizationID: String?
    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case activeOrganizationID = "active_organization_id"
    }
}

/// `POST /v1/sessions/{id}/verify` body.
struct VerifySessionBody: Encodable {
    var token: String
}

/// `POST /v1/sessions/{id}/tokens[/{template}]` body.
struct CreateSessionTokenBody: Encodable {
    var expiresInSeconds: Int
    enum CodingKeys: String, CodingKey {
        case expiresInSeconds = "expires_in_seconds"
    }
}
