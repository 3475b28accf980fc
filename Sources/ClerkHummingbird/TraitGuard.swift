#if !Hummingbird
    // Built without the "Hummingbird" trait: every public type of the module exists only as an unavailable
    // marker, so that using one says "enable the trait" rather than "cannot find".
    // Enable the trait: .package(url: "…/swift-clerk-session.git", from: "…", traits: ["Hummingbird"])
    // (`ClerkRequest.init(_: Request, remoteAddress:)` extends with Hummingbird's own `Request`, which does not
    // exist without the trait.)
    import ClerkAuthentication

    /// Unavailable: ClerkHummingbird was built without the "Hummingbird" trait.
    @available(*, unavailable, message: "enable the Hummingbird trait: .package(url: ..., traits: [\"Hummingbird\"])")
    public struct ClerkAuthenticationMiddleware<Context> {
        /// Unavailable: ClerkHummingbird was built without the "Hummingbird" trait.
        public init(authenticator: ClerkRequestAuthenticator, requiresIdentity: Bool = false) {}
    }

    /// Unavailable: ClerkHummingbird was built without the "Hummingbird" trait.
    @available(*, unavailable, message: "enable the Hummingbird trait: .package(url: ..., traits: [\"Hummingbird\"])")
    public struct ClerkRequireSessionMiddleware<Context> {
        /// Unavailable: ClerkHummingbird was built without the "Hummingbird" trait.
        public init() {}
    }

    /// Unavailable: ClerkHummingbird was built without the "Hummingbird" trait.
    @available(*, unavailable, message: "enable the Hummingbird trait: .package(url: ..., traits: [\"Hummingbird\"])")
    public struct ClerkRequestContext {}
#endif
