import ClerkSession

/// A redirect that re-syncs a browser's session cookie through Clerk's Frontend API (Clerk's "handshake"),
/// or that finishes one: answer `307` with ``headers`` and an empty body.
///
/// Produced only with ``ClerkBrowserFlows`` configured, for page loads. ``headers`` hold `Location`,
/// `Cache-Control: no-store` (a cached 307 would loop), the `Set-Cookie` of the loop guard
/// (`__clerk_redirect_count`) or the cookies a resolved handshake sets, and Clerk's debug headers
/// (`x-clerk-auth-status`, `x-clerk-auth-reason`, `x-clerk-auth-message`); several `Set-Cookie` lines
/// stay separate fields.
public struct ClerkHandshake: Sendable {
    /// Clerk's reason, e.g. `session-token-expired-refresh-non-eligible-no-refresh-cookie`,
    /// `client-uat-but-no-session-token`, or `handshake-resolved` for the redirect that finishes one in a
    /// development instance.
    public let reason: SignedOutReason.Code
    /// A human explanation (never a token).
    public let message: String
    /// The response's header fields, in order.
    public let headers: [(name: String, value: String)]
    /// The session, when this redirect finishes a handshake (development instances: the browser is sent to
    /// the URL without Clerk's query parameters, with the new cookies).
    public let session: VerifiedSession?

    /// A handshake redirect.
    public init(
        reason: SignedOutReason.Code, message: String, headers: [(name: String, value: String)],
        session: VerifiedSession? = nil
    ) {
        self.reason = reason
        self.message = message
        self.headers = headers
        self.session = session
    }

    /// The `Location` the browser is sent to.
    public var location: String? {
        headers.first { $0.name.caseInsensitiveEquals("Location") }?.value
    }

    /// The status to answer: 307 (a temporary redirect that keeps the method; browsers follow it).
    public static let status = 307
}
