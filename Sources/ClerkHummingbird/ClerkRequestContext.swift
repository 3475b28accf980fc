#if Hummingbird
    import ClerkSession
    import Hummingbird
    import HummingbirdAuth
    import NIOCore

    /// A request context for Clerk-authenticated routers: an `AuthRequestContext` whose identity is a
    /// ``VerifiedSession``, and a `RemoteAddressRequestContext` (the client's address goes to Clerk with a
    /// session refresh).
    ///
    /// ```swift
    /// let router = Router(context: ClerkRequestContext.self)
    /// ```
    ///
    /// Any other `AuthRequestContext` with `Identity == VerifiedSession` works with the middleware too, for
    /// example `BasicAuthRequestContext<VerifiedSession>`.
    public struct ClerkRequestContext: AuthRequestContext, RemoteAddressRequestContext {
        /// Hummingbird's per-request storage.
        public var coreContext: CoreRequestContextStorage
        /// The verified session, set by ``ClerkAuthenticationMiddleware``; nil when signed out.
        public var identity: VerifiedSession?
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
