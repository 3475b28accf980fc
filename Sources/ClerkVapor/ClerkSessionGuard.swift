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

        /// Hands `request` on when it carries a session, throws `Abort(.unauthorized)` otherwise.
        public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            let decision = AuthenticationResponse.requiringSession(
                request.auth.get(VerifiedSession.self),
                authenticated: request.clerk.result != nil)
            if let entry = decision.logEntry {
                request.logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata)
            }
            if case .reject(let status, _) = decision.action {
                throw Abort(
                    HTTPResponseStatus(statusCode: status),
                    headers: HTTPHeaders(decision.headers.map { ($0.name, $0.value) }))
            }
            return try await next.respond(to: request)
        }
    }
#endif
