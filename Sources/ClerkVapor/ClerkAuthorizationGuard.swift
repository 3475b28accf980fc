#if Vapor
    import ClerkAuthentication
    import ClerkSession
    import Logging
    import NIOHTTP1
    import Vapor

    /// Requires a Clerk session that satisfies an ``ClerkSession/AuthorizationCheck`` (Clerk's `has()`):
    /// answers `401 Unauthorized` without a session, `403 Forbidden` (generic body) when the role,
    /// permission, feature or plan does not hold, and Clerk's exact reverification answer (403 with a
    /// `reverification-error` JSON body, see ``ClerkAuthentication/ReverificationError``) when only the
    /// check's reverification requirement fails. Put it after ``ClerkAuthenticator``.
    ///
    /// ```swift
    /// let admin = app.grouped(ClerkAuthenticator(), ClerkAuthorizationGuard(.permission("org:invoices:manage")))
    /// ```
    public struct ClerkAuthorizationGuard: AsyncMiddleware {
        /// What the session must satisfy.
        public let check: AuthorizationCheck

        /// A guard requiring `check`.
        public init(_ check: AuthorizationCheck) {
            self.check = check
        }

        /// Hands `request` on when its session satisfies the check; otherwise throws `Abort(.unauthorized)` or
        /// `Abort(.forbidden)`, or answers Clerk's reverification 403.
        public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            let session = request.auth.get(VerifiedSession.self)
            let decision = AuthenticationResponse.requiring(
                session, check, authenticated: request.clerk.authenticatorRan(identityPresent: session != nil))
            if let response = try decision.vaporRejection(logger: request.logger) { return response }
            return try await next.respond(to: request)
        }
    }
#endif
