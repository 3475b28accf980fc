#if Vapor
    import ClerkAuthentication
    import ClerkSession
    import Logging
    import NIOHTTP1
    import Vapor

    /// Requires an identity of some kinds, and optionally scopes: answers `401 Unauthorized` when the
    /// request has no identity of an accepted kind, `403 Forbidden` when a required scope is missing
    /// (generic bodies, never the reason). Put it after ``ClerkAuthenticator``.
    ///
    /// ```swift
    /// let machines = app.grouped(ClerkAuthenticator(), ClerkTokenGuard(accepting: .m2mToken))
    /// let orders = app.grouped(ClerkAuthenticator(), ClerkTokenGuard(accepting: .apiKey, scopes: ["read:orders"]))
    /// ```
    public struct ClerkTokenGuard: AsyncMiddleware {
        /// The kinds the routes accept.
        public let kinds: AcceptedTokenKinds
        /// The scopes a machine identity must all hold (a session holds none: with scopes, sessions get 403).
        public let scopes: [String]

        /// A guard for `kinds`, requiring `scopes`.
        public init(accepting kinds: AcceptedTokenKinds, scopes: [String] = []) {
            self.kinds = kinds
            self.scopes = scopes
        }

        /// Hands `request` on when its identity passes, throws `Abort(.unauthorized)` or `Abort(.forbidden)`.
        public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            let identity = request.clerk.identity
            let decision = AuthenticationResponse.requiring(
                identity, kinds: kinds, scopes: scopes,
                authenticated: request.clerk.authenticatorRan(identityPresent: identity != nil))
            if let entry = decision.logEntry {
                request.logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata)
            }
            if case .reject(let status, _) = decision.action {
                throw Abort(HTTPResponseStatus(statusCode: status))
            }
            return try await next.respond(to: request)
        }
    }
#endif
