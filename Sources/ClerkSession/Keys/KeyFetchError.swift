/// A failed key fetch: the error to report, and how long the source asked us to wait (`Retry-After`).
public struct KeyFetchError: Error, Sendable {
    /// The reason, with a `jwk-remote-*` (or `jwk-local-invalid`) code.
    public var error: ClerkVerificationError
    /// How long to wait before the next attempt, when the source said so (HTTP 429/503 `Retry-After`).
    public var retryAfter: Duration?

    public init(_ error: ClerkVerificationError, retryAfter: Duration? = nil) {
        self.error = error
        self.retryAfter = retryAfter
    }
}
