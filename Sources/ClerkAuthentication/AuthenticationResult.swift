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

/// Why a request is signed out.
public struct SignedOutReason: Sendable, CustomStringConvertible {
    /// A stable kebab-case reason: `session-token-missing`, a verification code such as `token-expired`,
    /// `session-token-iat-before-client-uat`, or one of the `refresh-…` codes when a refresh was tried and
    /// failed (see ``Code``).
    public let code: Code
    /// A human explanation (never contains a token or the secret key).
    public let message: String
    /// Where the rejected token came from, if there was one.
    public let tokenCarrier: TokenCarrier?
    /// The verification error behind the reason, when there is one.
    public let verificationError: ClerkVerificationError?

    public init(code: Code, message: String, tokenCarrier: TokenCarrier? = nil, verificationError: ClerkVerificationError? = nil) {
        self.code = code
        self.message = message
        self.tokenCarrier = tokenCarrier
        self.verificationError = verificationError
    }

    public var description: String { "\(code): \(message)" }
}

/// Where a request carried its session token.
public enum TokenCarrier: String, Sendable {
    /// `Authorization: Bearer` (API clients; never refreshed server-side).
    case header
    /// The `__session` cookie (browsers).
    case cookie
}
