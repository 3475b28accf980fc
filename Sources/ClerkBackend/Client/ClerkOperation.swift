/// One kind of call to Clerk, as spans and metrics name it: a closed set, so a metric dimension built from
/// it is bounded, and a route template, so no span name or attribute carries an id.
struct ClerkOperation: Sendable, Equatable {
    /// The `clerk.operation` attribute and the `operation` metric dimension, e.g. `sessions.refresh`.
    let name: String
    /// OpenTelemetry's `url.template` (path under the base URL, ids as `{…}`); nil for a user-given URL.
    let template: String?

    static let jwks = ClerkOperation(name: "jwks.get", template: "/v1/jwks")
    /// A JWKS fetched from a URL (the Frontend API's `/.well-known/jwks.json` or one given).
    static let jwksURL = ClerkOperation(name: "jwks.fetch_url", template: nil)
    static let listSessions = ClerkOperation(name: "sessions.list", template: "/v1/sessions")
    static let createSession = ClerkOperation(name: "sessions.create", template: "/v1/sessions")
    static let getSession = ClerkOperation(name: "sessions.get", template: "/v1/sessions/{session_id}")
    static let refreshSession = ClerkOperation(
        name: "sessions.refresh", template: "/v1/sessions/{session_id}/refresh")
    static let revokeSession = ClerkOperation(name: "sessions.revoke", template: "/v1/sessions/{session_id}/revoke")
    static let verifySession = ClerkOperation(name: "sessions.verify", template: "/v1/sessions/{session_id}/verify")
    static let createSessionToken = ClerkOperation(
        name: "sessions.create_token", template: "/v1/sessions/{session_id}/tokens")
    static let createSessionTokenFromTemplate = ClerkOperation(
        name: "sessions.create_token_from_template", template: "/v1/sessions/{session_id}/tokens/{template_name}")
    /// `POST /m2m_tokens/verify` (unversioned path, as Clerk serves it).
    static let verifyM2MToken = ClerkOperation(name: "m2m_tokens.verify", template: "/m2m_tokens/verify")
    /// `POST /api_keys/verify` (unversioned path).
    static let verifyAPIKey = ClerkOperation(name: "api_keys.verify", template: "/api_keys/verify")
    /// `POST /oauth_applications/access_tokens/verify` (unversioned path).
    static let verifyOAuthAccessToken = ClerkOperation(
        name: "oauth_access_tokens.verify", template: "/oauth_applications/access_tokens/verify")

    /// `GET /v1/clients/handshake_payload` (the browser flows' nonce exchange).
    static let handshakePayload = ClerkOperation(
        name: "clients.handshake_payload", template: "/v1/clients/handshake_payload")

    /// Every operation, in the order the Observability article lists them.
    static let all: [ClerkOperation] = [
        .jwks, .jwksURL, .listSessions, .createSession, .getSession, .refreshSession, .revokeSession,
        .verifySession, .createSessionToken, .createSessionTokenFromTemplate, .verifyM2MToken, .verifyAPIKey,
        .verifyOAuthAccessToken, .handshakePayload,
    ]
}
