#if !Vapor
    // Built without the "Vapor" trait: every public type of the module exists only as an unavailable marker,
    // so that using one says "enable the trait" rather than "cannot find".
    // Enable the trait: .package(url: "…/swift-clerk-session.git", from: "…", traits: ["Vapor"])
    // (`Application.clerk`, `Request.clerk` and `ClerkRequest.init(_: Request)` extend Vapor's own types, which
    // do not exist without the trait.)
    import ClerkAuthentication

    /// Unavailable: ClerkVapor was built without the "Vapor" trait.
    @available(*, unavailable, message: "enable the Vapor trait: .package(url: ..., traits: [\"Vapor\"])")
    public struct ClerkAuthenticator {
        /// Unavailable: ClerkVapor was built without the "Vapor" trait.
        public init(requiresSession: Bool = false) {}
        /// Unavailable: ClerkVapor was built without the "Vapor" trait.
        public init(authenticator: ClerkRequestAuthenticator, requiresSession: Bool = false) {}
    }

    /// Unavailable: ClerkVapor was built without the "Vapor" trait.
    @available(*, unavailable, message: "enable the Vapor trait: .package(url: ..., traits: [\"Vapor\"])")
    public struct ClerkSessionGuard {
        /// Unavailable: ClerkVapor was built without the "Vapor" trait.
        public init() {}
    }

    /// Unavailable: ClerkVapor was built without the "Vapor" trait.
    @available(*, unavailable, message: "enable the Vapor trait: .package(url: ..., traits: [\"Vapor\"])")
    public final class ClerkKeyLifecycleHandler {
        /// Unavailable: ClerkVapor was built without the "Vapor" trait.
        public init(prewarmsKeys: Bool = true, refreshesKeysInBackground: Bool = true) {}
    }
#endif
