// `import ClerkBackend` keeps giving everything it gave before the framework-neutral request
// authentication moved to ClerkAuthentication (as swift-nio's `NIO` re-exports `NIOCore`).
@_exported import ClerkAuthentication
