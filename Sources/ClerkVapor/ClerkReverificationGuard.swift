#if Vapor
    import ClerkAuthentication
    import ClerkSession
    import Logging
    import NIOHTTP1
    import Vapor

    /// Requires a recently reverified Clerk session (Clerk's `has({ reverification })`): answers
    /// `401 Unauthorized` without a session, and, when the user has not verified their factors recently
    /// enough, 403 with exactly the body of Clerk's `reverificationErrorResponse(config)`:
    ///
    /// ```json
    /// {"clerk_error":{"type":"forbidden","reason":"reverification-error","metadata":{"reverification":"strict"}}}
    /// ```
    ///
    /// (`Content-Type: application/json`), which Clerk's front-end `useReverification` hook turns into a
    /// prompt and a retry. Put it after ``ClerkAuthenticator``.
    ///
    /// ```swift
    /// let sensitive = app.grouped(ClerkAuthenticator(), ClerkReverificationGuard(.strict))
    /// ```
    public struct ClerkReverificationGuard: AsyncMiddleware {
        /// How recently the user must have verified their factors.
        public let requirement: ReverificationRequirement

        /// A guard requiring `requirement`.
        public init(_ requirement: ReverificationRequirement) {
            self.requirement = requirement
        }

        /// Hands `request` on when its session is reverified; otherwise throws `Abort(.unauthorized)` or
        /// answers Clerk's reverification 403.
        public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            let session = request.auth.get(VerifiedSession.self)
            let decision = AuthenticationResponse.requiringReverification(
                session, requirement, authenticated: request.clerk.authenticatorRan(identityPresent: session != nil))
            if let response = try decision.vaporRejection(logger: request.logger) { return response }
            return try await next.respond(to: request)
        }
    }
#endif
