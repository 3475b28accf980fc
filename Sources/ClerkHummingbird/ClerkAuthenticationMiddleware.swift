#if Hummingbird
    import ClerkAuthentication
    import ClerkSession
    import HTTPTypes
    import Hummingbird
    import HummingbirdAuth
    import Logging
    import NIOCore

    /// Authenticates every request that passes through it with Clerk's session token (the
    /// `Authorization: Bearer` header first, then the `__session` cookie).
    ///
    /// - Signed in: `context.identity` is the ``VerifiedSession`` (or, with a context whose identity is
    ///   ``ClerkIdentity`` such as ``ClerkIdentityRequestContext``, the session or the machine identity of
    ///   an accepted machine token), and the `Set-Cookie` directives of a server-side refresh are added to
    ///   the response. A context whose identity is `VerifiedSession` gets no identity for a machine token.
    /// - Signed out (no token, a bad token, a failed refresh): the request continues with no identity, so
    ///   optional routes work; add ``ClerkRequireSessionMiddleware`` (or hummingbird-auth's
    ///   `IsAuthenticatedMiddleware`) on routes that require a session, or create the middleware with
    ///   `requiresIdentity: true` where every route behind it does.
    /// - Keys unavailable (the token could not be judged): `503 Service Unavailable` (an `HTTPError`, a
    ///   generic message).
    ///
    /// Tokens, secrets and rejection reasons are never written to a response; reasons are logged at debug
    /// level by code. When the context conforms to `RemoteAddressRequestContext` (``ClerkRequestContext``
    /// does), the client's address goes to Clerk with a refresh.
    ///
    /// ```swift
    /// let router = Router(context: ClerkRequestContext.self)
    /// router.add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))
    /// router.group("me").add(middleware: ClerkRequireSessionMiddleware())
    ///     .get { _, context in try context.requireIdentity().userID }
    /// ```
    ///
    /// A group whose every route needs a signed-in caller can authenticate and require in one middleware: one
    /// hop of Hummingbird's responder chain instead of two, which saves about a third of what authentication
    /// adds to a request.
    ///
    /// ```swift
    /// router.group("api").add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator, requiresIdentity: true))
    /// ```
    public struct ClerkAuthenticationMiddleware<Context: AuthRequestContext>: RouterMiddleware
    where Context.Identity: ClerkAuthenticatedIdentity {
        /// The engine.
        public let authenticator: ClerkRequestAuthenticator
        /// Whether a request that leaves without an identity is answered `401 Unauthorized` here (an
        /// `HTTPError` with a generic message, never the reason) instead of handed on.
        ///
        /// "An identity" is what `context.identity` can hold: with `VerifiedSession` as the context's identity
        /// (``ClerkRequestContext``), a session, exactly as ``ClerkRequireSessionMiddleware`` requires; with
        /// ``ClerkIdentity`` (``ClerkIdentityRequestContext``), a session or a machine token of a kind the
        /// authenticator accepts. The signed-out answer carries the headers the signed-out path would have put
        /// on a guard's 401 (the browser flows' cleared cookies and debug headers).
        public let requiresIdentity: Bool

        /// A middleware over `authenticator`.
        ///
        /// - Parameters:
        ///   - authenticator: The engine.
        ///   - requiresIdentity: Answer `401` to a request that leaves without an identity (see
        ///     ``requiresIdentity``); by default such a request is handed on with no identity.
        public init(authenticator: ClerkRequestAuthenticator, requiresIdentity: Bool = false) {
            self.authenticator = authenticator
            self.requiresIdentity = requiresIdentity
        }

        /// Authenticates `request`, then hands it on (or throws a 503 `HTTPError` when the keys are unavailable).
        public func handle(
            _ request: Request, context: Context,
            next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            // A bearer session token is usually decided without an await (no chain of async calls).
            let step = authenticator.authenticateWithoutWaiting(
                authorization: request.headers.first { $0.name == .authorization }?.value)
            if case .decided(.signedIn(let session, let cookies)) = step, cookies.isEmpty {
                // The common case (what the general path below does for it: no header, no log line), in a
                // small frame with one await.
                var context = context
                context.identity = Context.Identity.clerkIdentity(session: session)
                if requiresIdentity, context.identity == nil { throw Self.unauthorized([]) }
                return try await next(request, context)
            }
            return try await handle(step, request, context: context, next: next)
        }

        /// Every other step: a result to map, or work to await first.
        private func handle(
            _ step: ClerkRequestAuthenticator.Step, _ request: Request, context: Context,
            next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            let result: AuthenticationResult
            switch step {
            case .decided(let decided):
                result = decided
            case .awaits(let pending):
                result = await authenticator.authenticate(pending) {
                    ClerkRequest(
                        request, remoteAddress: (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress)
                }
            }
            let decision = AuthenticationResponse(result)
            if let entry = decision.logEntry {
                context.logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata)
            }
            switch decision.action {
            case .continueSignedIn(let session):
                var context = context
                context.identity = Context.Identity.clerkIdentity(session: session)
                // An identity type of the app's own may have no value for a session.
                if requiresIdentity, context.identity == nil { throw Self.unauthorized([]) }
                var response = try await next(request, context)
                if !decision.headers.isEmpty {  // the common case: no refresh, no header storage to build
                    response.headers.append(contentsOf: Self.fields(decision.headers))
                }
                return response
            case .continueSignedInMachine(let machine):
                var context = context
                context.identity = Context.Identity.clerkIdentity(machine: machine)
                // A context whose identity is a session has none for a machine token.
                if requiresIdentity, context.identity == nil { throw Self.unauthorized([]) }
                return try await next(request, context)
            case .continueSignedOut:
                if requiresIdentity { throw Self.unauthorized(decision.headers) }
                guard !decision.headers.isEmpty else { return try await next(request, context) }
                // Browser flows: cookies a resolved handshake cleared and Clerk's debug headers go on the
                // response, also when a guard further in answers 401.
                do {
                    var response = try await next(request, context)
                    response.headers.append(contentsOf: Self.fields(decision.headers))
                    return response
                } catch var error as HTTPError {
                    error.headers.append(contentsOf: Self.fields(decision.headers))
                    throw error
                }
            case .reject(let status, let body):
                throw HTTPError(
                    HTTPResponse.Status(code: status), headers: Self.fields(decision.headers), message: body)
            }
        }

        /// The `401` of ``requiresIdentity``: what ``ClerkRequireSessionMiddleware`` throws behind this
        /// middleware, with the signed-out path's `headers`.
        static func unauthorized(_ headers: [(name: String, value: String)]) -> HTTPError {
            HTTPError(.unauthorized, headers: fields(headers))
        }

        /// The decision's header lines as fields (names the decision makes, so always valid).
        static func fields(_ headers: [(name: String, value: String)]) -> HTTPFields {
            var fields = HTTPFields()
            for header in headers {
                if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
            }
            return fields
        }
    }
#endif
