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

    extension AuthenticationResponse {
        /// Logs the decision's entry, and for a rejection: returns the exact response when the body is exact,
        /// throws `HTTPError` with the status otherwise. Nil when the request goes on.
        func hummingbirdRejection(logger: Logger) throws -> Response? {
            if let entry = logEntry { logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata) }
            guard case .reject(let status, let body) = action else { return nil }
            var fields = HTTPFields()
            for header in headers {
                if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
            }
            guard bodyIsExact else { throw HTTPError(HTTPResponse.Status(code: status), headers: fields) }
            return Response(
                status: HTTPResponse.Status(code: status), headers: fields,
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
    }
#endif
