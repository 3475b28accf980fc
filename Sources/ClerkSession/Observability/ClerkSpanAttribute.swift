/// The span attribute names this package sets: OpenTelemetry's HTTP semantic conventions where they apply,
/// and a few of its own under `clerk.`. None of them ever carries a token, a secret or a cookie.
package enum ClerkSpanAttribute {
    /// What a call or a verification came to: `success`, `verified`, or a stable error or reason code.
    package static let outcome = "clerk.outcome"
    /// The kind of token a local verification accepted: `session_token`, `m2m_token` or `oauth_token`.
    package static let tokenKind = "clerk.token_kind"
    /// The key source of a JWKS fetch, as it describes itself (a URL or "in-memory key set"; never a key).
    package static let keySource = "clerk.key_source"
    /// How many usable keys a JWKS fetch brought.
    package static let keyCount = "clerk.key_count"
    /// The Backend API operation, e.g. `sessions.refresh`.
    package static let operation = "clerk.operation"
    /// OpenTelemetry's `error.type`: the error code of a failed call.
    package static let errorType = "error.type"
    /// OpenTelemetry's `http.request.method`.
    package static let httpMethod = "http.request.method"
    /// OpenTelemetry's `http.response.status_code`.
    package static let httpStatusCode = "http.response.status_code"
    /// OpenTelemetry's `http.request.resend_count`: set on the second and later attempts of one call.
    package static let resendCount = "http.request.resend_count"
    /// OpenTelemetry's `url.template`, e.g. `/v1/sessions/{session_id}/refresh` (never the ids themselves).
    package static let urlTemplate = "url.template"
    /// OpenTelemetry's `url.scheme`.
    package static let urlScheme = "url.scheme"
    /// OpenTelemetry's `server.address`.
    package static let serverAddress = "server.address"
    /// OpenTelemetry's `server.port`.
    package static let serverPort = "server.port"
}
