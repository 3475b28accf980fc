#if Hummingbird
    import ClerkAuthentication
    import ClerkSession
    import HTTPTypes
    import Hummingbird
    import HummingbirdAuth
    import Logging

    /// Requires an identity of some kinds, and optionally scopes: throws `HTTPError(.unauthorized)` when
    /// the request has no identity of an accepted kind, `HTTPError(.forbidden)` when a required scope is
    /// missing (generic bodies, never the reason).
    ///
    /// ```swift
    /// router.group("internal").add(middleware: ClerkRequireTokenMiddleware(accepting: .m2mToken))
    /// router.group("orders").add(middleware: ClerkRequireTokenMiddleware(accepting: .apiKey, scopes: ["read:orders"]))
    /// ```
    public struct ClerkRequireTokenMiddleware<Context: AuthRequestContext>: RouterMiddleware
    where Context.Identity == ClerkIdentity {
        /// The kinds the routes accept.
        public let kinds: AcceptedTokenKinds
        /// The scopes a machine identity must all hold (a session holds none: with scopes, sessions get 403).
        public let scopes: [String]

        /// A guard for `kinds`, requiring `scopes`.
        public init(accepting kinds: AcceptedTokenKinds, scopes: [String] = []) {
            self.kinds = kinds
            self.scopes = scopes
        }

        /// Hands `request` on when the context's identity passes, throws a 401 or 403 otherwise.
        public func handle(
            _ request: Request, context: Context,
            next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            let decision = AuthenticationResponse.requiring(context.identity, kinds: kinds, scopes: scopes)
            if let entry = decision.logEntry {
                context.logger.log(level: entry.level, "\(entry.message)", metadata: entry.metadata)
            }
            if case .reject(let status, _) = decision.action { throw HTTPError(HTTPResponse.Status(code: status)) }
            return try await next(request, context)
        }
    }
#endif
