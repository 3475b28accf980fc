#if Hummingbird
    import ClerkAuthentication
    import ClerkSession
    import HTTPTypes
    import Hummingbird
    import HummingbirdAuth

    /// Requires a Clerk session: throws `HTTPError(.unauthorized)` (a generic body, never the reason) unless
    /// ``ClerkAuthenticationMiddleware``, earlier in the chain, set `context.identity`.
    ///
    /// Equivalent to hummingbird-auth's `IsAuthenticatedMiddleware`, constrained to Clerk sessions.
    public struct ClerkRequireSessionMiddleware<Context: AuthRequestContext>: RouterMiddleware
    where Context.Identity == VerifiedSession {
        /// A guard.
        public init() {}

        /// Hands `request` on when the context carries a session, throws a 401 otherwise.
        public func handle(
            _ request: Request, context: Context,
            next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            let decision = AuthenticationResponse.requiringSession(context.identity)
            if case .reject(let status, _) = decision.action { throw HTTPError(HTTPResponse.Status(code: status)) }
            return try await next(request, context)
        }
    }
#endif
