#if !Vapor
// Built without the "Vapor" trait: the module is empty but for these markers, so that using it says why.
// Enable the trait: .package(url: "…/swift-clerk-session.git", from: "…", traits: ["Vapor"])

/// Unavailable: ClerkVapor was built without the "Vapor" trait.
@available(*, unavailable, message: "ClerkVapor needs the \"Vapor\" trait: .package(url: ..., traits: [\"Vapor\"])")
public struct ClerkAuthenticator {}

/// Unavailable: ClerkVapor was built without the "Vapor" trait.
@available(*, unavailable, message: "ClerkVapor needs the \"Vapor\" trait: .package(url: ..., traits: [\"Vapor\"])")
public struct ClerkSessionGuard {}
#endif
