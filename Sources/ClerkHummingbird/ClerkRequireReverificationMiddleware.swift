#if Hummingbird
    import ClerkAuthentication
    import ClerkSession
    import HTTPTypes
    import Hummingbird
    import HummingbirdAuth
    import Logging
    import NIOCore

    /// Requires a recently reverified Clerk session (Clerk's `has({ reverification })`): throws
    /// `HTTPError(.unauthorized)` without a session, and, when the user has not verified their factors
    /// recently enough, answers 403 with exactly the body of Clerk's `reverificationErrorResponse(config)`:
    ///
    /// ```json
    /// {"clerk_error":{"type":"forbidden","reason":"reverification-error","metadata":{"reverification":"strict"}}}
    /// ```
    ///
    /// (`Content-Type: application/json`), which Clerk's front-end `useReverification` hook turns into a
    /// prompt and a retry. Put it after ``ClerkAuthenticationMiddleware``.
    ///
    /// ```swift
    /// router.group("billing").add(middleware: ClerkRequireReverificationMiddleware(.strict))
    /// ```
    public struct ClerkRequireReverificationMiddleware<Context: AuthRequestContext>: RouterMiddleware
    where Context.Identity == VerifiedSession {
        /// How recently the user must have verified their factors.
        public let requirement: ReverificationRequirement

        /// A guard requiring `requirement`.
        public init(_ requirement: ReverificationRequirement) {
            self.requirement = requirement
        }

        /// Hands `request` on when the context's session is reverified; otherwise throws a 401 or answers
        /// Clerk's reverification 403.
        public func handle(
            _ request: Request, context: Context,
            next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            let decision = AuthenticationResponse.requiringReverification(context.identity, requirement)
            if let response = try decision.hummingbirdRejection(logger: context.logger) { return response }
            return try await next(request, context)
        }
    }
#endif
