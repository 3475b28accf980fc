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
            let decision = AuthenticationResponse.requiring(
                request.auth.get(VerifiedSession.self), check, authenticated: request.clerk.result != nil)
            if let response = try decision.vaporRejection(logger: request.logger) { return response }
            return try await next.respond(to: request)
        }
    }

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
            let decision = AuthenticationResponse.requiringReverification(
                request.auth.get(VerifiedSession.self), requirement, authenticated: request.clerk.result != nil)
            if let response = try decision.vaporRejection(logger: request.logger) { return response }
            return try await next.respond(to: request)
        }
    }

    extension AuthenticationResponse {
        /// Logs the decision's entry, and for a rejection: returns the exact response when the body is exact,
        /// throws `Abort` with the status otherwise. Nil when the request goes on.
        func vaporRejection(logger: Logger) throws -> Response? {
            if let entry = logEntry { logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata) }
            guard case .reject(let status, let body) = action else { return nil }
            let fields = HTTPHeaders(headers.map { ($0.name, $0.value) })
            guard bodyIsExact else { throw Abort(HTTPResponseStatus(statusCode: status), headers: fields) }
            return Response(status: HTTPResponseStatus(statusCode: status), headers: fields, body: .init(string: body))
        }
    }
#endif
