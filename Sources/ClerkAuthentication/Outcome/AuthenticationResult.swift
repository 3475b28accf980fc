import ClerkSession

/// The outcome of authenticating one request.
public enum AuthenticationResult: Sendable {
    /// A verified session. `responseCookies` are `Set-Cookie` directives the response must carry
    /// (non-empty after a refresh).
    case signedIn(VerifiedSession, responseCookies: [String])
    /// A verified machine token (M2M token, API key, OAuth access token), when the authenticator accepts
    /// machine tokens (``ClerkRequestAuthenticator/Configuration/acceptedTokens``).
    case signedInMachine(MachineIdentity)
    /// No valid session: answer 401 on routes that need one. The reason is for logs and metrics; do not
    /// send it to the client.
    case signedOut(SignedOutReason)
    /// The token could not be judged: the keys could not be obtained, or Clerk could not verify an opaque
    /// machine token (the error's code says which): answer 503.
    case keysUnavailable(ClerkVerificationError)
    /// A page load to redirect through Clerk's handshake (``ClerkBrowserFlows`` only): answer 307 with the
    /// handshake's headers.
    case handshake(ClerkHandshake)

    /// The session, when signed in.
    public var session: VerifiedSession? {
        if case .signedIn(let session, _) = self { session } else { nil }
    }

    /// The machine identity, when a machine token signed in.
    public var machine: MachineIdentity? {
        if case .signedInMachine(let identity) = self { identity } else { nil }
    }

    /// Who signed in, session or machine.
    public var identity: ClerkIdentity? {
        switch self {
        case .signedIn(let session, _): .session(session)
        case .signedInMachine(let identity): .machine(identity)
        case .signedOut, .keysUnavailable, .handshake: nil
        }
    }

    /// `Set-Cookie` directives for the response (a refresh's, or a resolved handshake's).
    public var responseCookies: [String] {
        switch self {
        case .signedIn(_, let cookies): cookies
        case .signedOut(let reason):
            reason.responseHeaders.filter { $0.name.caseInsensitiveEquals("Set-Cookie") }.map(\.value)
        case .handshake(let handshake):
            handshake.headers.filter { $0.name.caseInsensitiveEquals("Set-Cookie") }.map(\.value)
        case .signedInMachine, .keysUnavailable: []
        }
    }
}
