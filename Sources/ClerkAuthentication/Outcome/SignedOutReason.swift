import ClerkSession

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
    /// Header fields the response must still carry (``ClerkBrowserFlows`` only): the cookies a resolved
    /// handshake clears or sets, and Clerk's `x-clerk-auth-*` debug headers.
    public let responseHeaders: [(name: String, value: String)]

    /// A reason; `message` must not contain a token or the secret key.
    public init(
        code: Code, message: String, tokenCarrier: TokenCarrier? = nil,
        verificationError: ClerkVerificationError? = nil,
        responseHeaders: [(name: String, value: String)] = []
    ) {
        self.code = code
        self.message = message
        self.tokenCarrier = tokenCarrier
        self.verificationError = verificationError
        self.responseHeaders = responseHeaders
    }

    public var description: String { "\(code): \(message)" }
}
