#if Hummingbird
    import ClerkAuthentication
    import ClerkSession
    import HTTPTypes
    import Hummingbird
    import HummingbirdAuth
    import Logging
    import NIOCore

    /// Requires a Clerk session that satisfies an ``ClerkSession/AuthorizationCheck`` (Clerk's `has()`):
    /// throws `HTTPError(.unauthorized)` without a session and `HTTPError(.forbidden)` (generic body) when
    /// the role, permission, feature or plan does not hold, and answers Clerk's exact reverification 403
    /// (a `reverification-error` JSON body, see ``ClerkAuthentication/ReverificationError``) when only the
    /// check's reverification requirement fails. Put it after ``ClerkAuthenticationMiddleware``.
    ///
    /// ```swift
    /// router.group("admin").add(middleware: ClerkRequireAuthorizationMiddleware(.role("admin")))
    /// ```
    public struct ClerkRequireAuthorizationMiddleware<Context: AuthRequestContext>: RouterMiddleware
    where Context.Identity == VerifiedSession {
        /// What the session must satisfy.
        public let check: AuthorizationCheck

        /// A guard requiring `check`.
        public init(_ check: AuthorizationCheck) {
            self.check = check
        }

        /// Hands `request` on when the context's session satisfies the check; otherwise throws a 401 or 403,
        /// or answers Clerk's reverification 403.
        public func handle(
            _ request: Request, context: Context,
            next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            let decision = AuthenticationResponse.requiring(context.identity, check)
            if let response = try decision.hummingbirdRejection(logger: context.logger) { return response }
            return try await next(request, context)
        }
    }
#endif
