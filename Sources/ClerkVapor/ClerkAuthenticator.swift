#if Vapor
    import ClerkAuthentication
    import ClerkSession
    import Logging
    import NIOHTTP1
    import Vapor

    /// Authenticates every request that passes through it with Clerk's session token (the
    /// `Authorization: Bearer` header first, then the `__session` cookie).
    ///
    /// - Signed in: the ``VerifiedSession`` is logged in (`req.auth.login(_:)`, read it with
    ///   `req.clerk.session`), and the `Set-Cookie` directives of a server-side refresh are added to the
    ///   response.
    /// - A machine token (when the authenticator accepts some): the ``MachineIdentity`` is logged in (read it
    ///   with `req.clerk.machine`, or `req.clerk.identity` for either kind); guard routes with
    ///   ``ClerkTokenGuard``.
    /// - Signed out (no token, a bad token, a failed refresh): the request continues without a session, so
    ///   optional routes work; put ``ClerkSessionGuard`` after it on routes that require one.
    /// - Keys unavailable (the token could not be judged): `503 Service Unavailable`, with a generic body.
    ///
    /// The outcome is kept on the request: `req.clerk.result`. Tokens, secrets and rejection reasons are never
    /// written to a response; reasons are logged at debug level by code.
    ///
    /// ```swift
    /// app.clerk.configure(authenticator: ClerkRequestAuthenticator(verifier: verifier, backend: backend))
    /// let protected = app.grouped(ClerkAuthenticator(), ClerkSessionGuard())
    /// protected.get("me") { req in try req.clerk.requireSession().userID }
    /// ```
    ///
    /// A group whose every route needs a session can authenticate and require in one middleware, which answers
    /// every request as the two above do and saves the guard's read of Vapor's authentication cache (about a
    /// fifth of what authentication adds to a request):
    ///
    /// ```swift
    /// let protected = app.grouped(ClerkAuthenticator(requiresSession: true))
    /// ```
    public struct ClerkAuthenticator: AsyncMiddleware {
        private let explicitAuthenticator: ClerkRequestAuthenticator?

        /// Whether a request that leaves without a session is answered `401 Unauthorized` here (a generic
        /// `Abort`, never the reason) instead of handed on: exactly what ``ClerkSessionGuard`` right behind this
        /// middleware answers, with the headers the signed-out path adds to it (the browser flows' cleared
        /// cookies and debug headers). A machine token is not a session: `401`, as the session guard answers.
        public let requiresSession: Bool

        /// Uses the authenticator installed with `app.clerk.configure(authenticator:)`, read from the
        /// application's storage on every request (through Vapor's lock on that storage: about a tenth of what
        /// authentication adds to a request). ``init(authenticator:requiresSession:)`` holds the authenticator
        /// instead.
        ///
        /// - Parameter requiresSession: Answer `401` to a request that leaves without a session (see
        ///   ``requiresSession``); by default such a request is handed on without one.
        public init(requiresSession: Bool = false) {
            self.explicitAuthenticator = nil
            self.requiresSession = requiresSession
        }

        /// Uses `authenticator`, whatever the application's configuration.
        ///
        /// - Parameters:
        ///   - authenticator: The engine.
        ///   - requiresSession: Answer `401` to a request that leaves without a session (see
        ///     ``requiresSession``); by default such a request is handed on without one.
        public init(authenticator: ClerkRequestAuthenticator, requiresSession: Bool = false) {
            self.explicitAuthenticator = authenticator
            self.requiresSession = requiresSession
        }

        /// What Vapor's responder chain calls. The common case, a bearer session token decided without waiting
        /// (a cache hit, or a verification with the keys loaded), signs the request in on its event loop and
        /// hands it on with no task; anything else continues in a task, as an `AsyncMiddleware` does, with what
        /// the first step learnt (nothing is parsed or verified twice).
        public func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
            let first: FirstStep
            do {
                first = try firstStep(request)
            } catch {
                return request.eventLoop.makeFailedFuture(error)
            }
            if first.signedIn { return next.respond(to: request) }
            let promise = request.eventLoop.makePromise(of: Response.self)
            promise.completeWithTask {
                let responder = AsyncBasicResponder { request in try await next.respond(to: request).get() }
                return try await respond(to: request, after: first, chainingTo: responder)
            }
            return promise.futureResult
        }

        /// Authenticates `request`, then hands it on (or answers 503 when the keys are unavailable): the same as
        /// the responder chain's entry point, for callers that compose async middleware themselves.
        public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            let first = try firstStep(request)
            if first.signedIn { return try await next.respond(to: request) }
            return try await respond(to: request, after: first, chainingTo: next)
        }

        /// What the synchronous first step left: the authenticator, its step, and whether the request is
        /// already signed in (and needs only handing on).
        private struct FirstStep: Sendable {
            let authenticator: ClerkRequestAuthenticator
            let step: ClerkRequestAuthenticator.Step
            let signedIn: Bool
        }

        /// Both entry points' synchronous start. A bearer session token decided without waiting (a cache hit,
        /// or a verification with the keys loaded) signs the request in here: the general path below does the
        /// same for it, with no header to add and no log line.
        private func firstStep(_ request: Request) throws(Abort) -> FirstStep {
            guard let authenticator = explicitAuthenticator ?? request.application.clerk.authenticator else {
                request.logger.error("ClerkAuthenticator ran before app.clerk.configure(authenticator:)")
                throw Abort(.internalServerError)
            }
            let step = authenticator.authenticateWithoutWaiting(
                authorization: request.headers.first(name: .authorization))
            if case .decided(let result) = step, case .signedIn(let session, let cookies) = result, cookies.isEmpty {
                // `request.clerk.result` reads this outcome back from the session alone.
                request.auth.login(session)
                return FirstStep(authenticator: authenticator, step: step, signedIn: true)
            }
            return FirstStep(authenticator: authenticator, step: step, signedIn: false)
        }

        /// Every other step: a result to map, or work to await first.
        private func respond(
            to request: Request, after first: FirstStep, chainingTo next: any AsyncResponder
        ) async throws -> Response {
            let result: AuthenticationResult
            switch first.step {
            case .decided(let decided): result = decided
            case .awaits(let pending):
                result = await first.authenticator.authenticate(pending) { ClerkRequest(request) }
            }
            request.clerk.result = result
            let decision = AuthenticationResponse(result)
            if let entry = decision.logEntry {
                request.logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata)
            }
            switch decision.action {
            case .continueSignedIn(let session):
                request.auth.login(session)
                let response = try await next.respond(to: request)
                for header in decision.headers {
                    response.headers.add(name: header.name, value: header.value)
                }
                return response
            case .continueSignedInMachine(let machine):
                request.auth.login(machine)
                // A machine identity is not a session (the session guard's 401, with no header of ours).
                if requiresSession { throw Self.unauthorized([]) }
                return try await next.respond(to: request)
            case .continueSignedOut:
                if requiresSession { throw Self.unauthorized(decision.headers) }
                guard !decision.headers.isEmpty else { return try await next.respond(to: request) }
                // Browser flows: cookies a resolved handshake cleared and Clerk's debug headers go on the
                // response, also when a guard further in answers 401.
                do {
                    let response = try await next.respond(to: request)
                    for header in decision.headers { response.headers.add(name: header.name, value: header.value) }
                    return response
                } catch let error as any AbortError {
                    var headers = error.headers
                    for header in decision.headers { headers.add(name: header.name, value: header.value) }
                    throw Abort(error.status, headers: headers, reason: error.reason)
                }
            case .reject(let status, let body):
                throw Abort(
                    HTTPResponseStatus(statusCode: status),
                    headers: HTTPHeaders(clerk: decision.headers), reason: body)
            }
        }

        /// The `401` of ``requiresSession``: what ``ClerkSessionGuard`` throws behind this middleware, with the
        /// signed-out path's `headers` (which this middleware adds to the guard's error in the two-hop form).
        static func unauthorized(_ headers: [(name: String, value: String)]) -> Abort {
            Abort(.unauthorized, headers: HTTPHeaders(clerk: headers))
        }
    }
#endif
