#if Hummingbird
    import ClerkSession
    import Hummingbird
    import HummingbirdAuth
    import NIOCore

    /// A request context for routers that accept machine tokens as well as sessions: an
    /// `AuthRequestContext` whose identity is a ``ClerkIdentity`` (switch on it), and a
    /// `RemoteAddressRequestContext`.
    ///
    /// ```swift
    /// let router = Router(context: ClerkIdentityRequestContext.self)
    /// router.add(middleware: ClerkAuthenticationMiddleware(authenticator: authenticator))  // acceptedTokens: [...]
    /// router.group("orders").add(middleware: ClerkRequireTokenMiddleware(accepting: .apiKey, scopes: ["read:orders"]))
    ///     .get { _, context in context.identity?.subject ?? "" }
    /// ```
    public struct ClerkIdentityRequestContext: AuthRequestContext, RemoteAddressRequestContext {
        /// Hummingbird's per-request storage.
        public var coreContext: CoreRequestContextStorage
        /// Who the request is, set by ``ClerkAuthenticationMiddleware``; nil when signed out.
        public var identity: ClerkIdentity?
        /// The connected client's address.
        public let remoteAddress: SocketAddress?

        /// A context for a request arriving on `source.channel`.
        public init(source: ApplicationRequestContextSource) {
            self.coreContext = CoreRequestContextStorage(source: source)
            self.identity = nil
            self.remoteAddress = source.channel.remoteAddress
        }
    }
#endif
