#if Vapor
    import ClerkAuthentication
    import ClerkSession
    import Logging
    import NIOHTTP1
    import Vapor

    /// Requires a Clerk session: answers `401 Unauthorized` (generic body, never the reason) unless
    /// ``ClerkAuthenticator``, earlier in the chain, logged one in.
    ///
    /// ```swift
    /// let protected = app.grouped(ClerkAuthenticator(), ClerkSessionGuard())
    /// ```
    public struct ClerkSessionGuard: AsyncMiddleware {
        /// A guard.
        public init() {}

        /// Hands `request` on when it carries a session, fails with `Abort(.unauthorized)` otherwise. What
        /// Vapor's responder chain calls: the check runs on the request's event loop, with no task.
        public func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
            do {
                try check(request)
            } catch {
                return request.eventLoop.makeFailedFuture(error)
            }
            return next.respond(to: request)
        }

        /// The same check, for callers that compose async middleware themselves.
        public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            try check(request)
            return try await next.respond(to: request)
        }

        private func check(_ request: Request) throws(Abort) {
            let session = request.auth.get(VerifiedSession.self)
            // Whether the authenticator ran matters only without a session (the misconfiguration warning): a
            // signed-in request skips that read of the request's storage (a lock and a copy in Vapor 4).
            let decision = AuthenticationResponse.requiringSession(
                session, authenticated: request.clerk.authenticatorRan(identityPresent: session != nil))
            if let entry = decision.logEntry {
                request.logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata)
            }
            if case .reject(let status, _) = decision.action {
                throw Abort(
                    HTTPResponseStatus(statusCode: status),
                    headers: HTTPHeaders(clerk: decision.headers))
            }
        }
    }
#endif
