#if !Hummingbird
// Built without the "Hummingbird" trait: the module is empty but for these markers, so that using it says why.
// Enable the trait: .package(url: "…/swift-clerk-session.git", from: "…", traits: ["Hummingbird"])

/// Unavailable: ClerkHummingbird was built without the "Hummingbird" trait.
@available(*, unavailable, message: "ClerkHummingbird needs the \"Hummingbird\" trait: .package(url: ..., traits: [\"Hummingbird\"])")
public struct ClerkAuthenticationMiddleware {}

/// Unavailable: ClerkHummingbird was built without the "Hummingbird" trait.
@available(*, unavailable, message: "ClerkHummingbird needs the \"Hummingbird\" trait: .package(url: ..., traits: [\"Hummingbird\"])")
public struct ClerkRequireSessionMiddleware {}
#endif
