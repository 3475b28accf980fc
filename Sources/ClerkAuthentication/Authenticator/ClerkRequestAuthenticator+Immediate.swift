import ClerkSession

extension ClerkRequestAuthenticator {
    /// What the adapters' first, synchronous step decided for a request: a result, or the work that needs
    /// an `await` (a key refetch, a call to Clerk, a machine token, the cookie path).
    package enum Step: Sendable {
        /// The request's result: a bearer session token verified or refused with nothing to wait for.
        case decided(AuthenticationResult)
        /// Hand this to ``ClerkRequestAuthenticator/authenticate(_:otherwise:)``.
        case awaits(PendingAuthentication)
    }

    /// The rest of a request's authentication, after ``authenticateWithoutWaiting(authorization:)``: it holds
    /// what the first step learnt (the bearer token, a first failure) so nothing is parsed or verified twice.
    package struct PendingAuthentication: Sendable {
        enum Work: Sendable {
            /// No bearer token: the cookie path, with the whole request.
            case request
            /// A bearer token the synchronous step does not decide (an opaque or machine token).
            case bearer(String)
            /// A bearer session token whose first attempt needs the keys or Clerk.
            case session(String, SessionTokenVerifier.ImmediateVerdict)
        }

        let work: Work
    }

    /// The adapters' fast path: a bearer session token decided without an `await` when its verdict needs
    /// none (a cache hit, a verification with loaded keys, a refusal no refetch can change), so an API
    /// request costs no chain of async calls. `authorization` is the first `Authorization` value.
    package func authenticateWithoutWaiting(authorization: String?) -> Step {
        guard let authorization, let slice = ClerkRequest.bearerTokenSlice(authorization: authorization) else {
            return .awaits(PendingAuthentication(work: .request))
        }
        // A session token this thread verified recently: judged where it lies, no copy of it.
        if configuration.acceptedTokens == .sessionToken, let session = verifier.sessionFromCacheSlots(slice) {
            return .decided(.signedIn(session, responseCookies: []))
        }
        let token = String(slice)
        guard configuration.acceptedTokens == .sessionToken, ClerkTokenKind.opaqueKind(of: token) == nil else {
            return .awaits(PendingAuthentication(work: .bearer(token)))
        }
        let verdict = verifier.verifyWithoutWaiting(token)
        switch verdict {
        case .verified(let session):
            return .decided(.signedIn(session, responseCookies: []))
        case .refused(let error) where !error.isKeyUnavailable:
            // A bearer token is never refreshed and only a key outage may go to legacy verify.
            return .decided(Self.signedOut(error, carrier: .header))
        case .refused, .awaitsKeys:
            return .awaits(PendingAuthentication(work: .session(token, verdict)))
        }
    }

    /// The rest of the work ``authenticateWithoutWaiting(authorization:)`` left; `request` builds the full
    /// ``ClerkRequest`` when there was no bearer token.
    package func authenticate(_ pending: PendingAuthentication, otherwise request: () -> ClerkRequest) async
        -> AuthenticationResult
    {
        switch pending.work {
        case .request:
            return await authenticate(request())
        case .bearer(let token):
            return await authenticate(bearerToken: token)
        case .session(let token, let verdict):
            return await authenticate(
                token: token, after: verdict, carrier: .header, request: nil, cookies: ClerkCookieJar())
        }
    }
}
