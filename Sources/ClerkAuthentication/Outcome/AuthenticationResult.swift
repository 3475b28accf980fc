import ClerkSession

/// The outcome of authenticating one request.
public enum AuthenticationResult: Sendable {
    /// A verified session. `responseCookies` are `Set-Cookie` directives the response must carry
    /// (non-empty after a refresh).
    case signedIn(VerifiedSession, responseCookies: [String])
    /// No valid session: answer 401 on routes that need one. The reason is for logs and metrics; do not
    /// send it to the client.
    case signedOut(SignedOutReason)
    /// The keys could not be obtained, so the token was not judged: answer 503.
    case keysUnavailable(ClerkVerificationError)

    /// The session, when signed in.
    public var session: VerifiedSession? {
        if case .signedIn(let session, _) = self { session } else { nil }
    }

    /// `Set-Cookie` directives for the response.
    public var responseCookies: [String] {
        if case .signedIn(_, let cookies) = self { cookies } else { [] }
    }
}
