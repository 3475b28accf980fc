#if Vapor
    import ClerkAuthentication
    import NIOConcurrencyHelpers
    import Vapor

    extension Application {
        /// Clerk session authentication for this application: ``Clerk-swift.struct/configure(authenticator:prewarmsKeys:refreshesKeysInBackground:)``
        /// once at start-up, then ``ClerkAuthenticator`` on the routes.
        public var clerk: Clerk { Clerk(application: self) }

        /// The application's Clerk configuration, kept in `Application.storage`.
        public struct Clerk: Sendable {
            /// The immutable configuration box (application storage is copied in and out through a lock, so it
            /// holds a final class, not a growing struct).
            final class Configuration: Sendable {
                let authenticator: ClerkRequestAuthenticator
                init(authenticator: ClerkRequestAuthenticator) { self.authenticator = authenticator }
            }

            struct ConfigurationKey: StorageKey {
                typealias Value = Configuration
            }

            /// Serialises ``configure(authenticator:prewarmsKeys:refreshesKeysInBackground:)`` calls.
            struct ConfigurationLock: LockKey {}

            /// Whether the key lifecycle handler is registered (it is registered once, whatever the number of
            /// ``configure(authenticator:prewarmsKeys:refreshesKeysInBackground:)`` calls).
            struct LifecycleRegisteredKey: StorageKey {
                typealias Value = Bool
            }

            let application: Application

            /// The request authenticator ``ClerkAuthenticator()`` uses, or nil before ``configure(authenticator:prewarmsKeys:refreshesKeysInBackground:)``.
            public var authenticator: ClerkRequestAuthenticator? {
                application.storage[ConfigurationKey.self]?.authenticator
            }

            /// Installs the request authenticator and, by default, a lifecycle handler for its keys.
            ///
            /// - Parameters:
            ///   - authenticator: The engine: a ``SessionTokenVerifier`` and, for refresh, a backend.
            ///   - prewarmsKeys: Load the keys when the application boots (`didBootAsync`), so that no request
            ///     waits for the first JWKS fetch. Default true.
            ///   - refreshesKeysInBackground: Also run ``SessionKeyRefreshService`` from boot until shutdown,
            ///     so that keys are refreshed ahead of expiry rather than by a request. Default true; it does
            ///     nothing for a static key source (a pinned PEM).
            public func configure(
                authenticator: ClerkRequestAuthenticator, prewarmsKeys: Bool = true,
                refreshesKeysInBackground: Bool = true
            ) {
                application.locks.lock(for: ConfigurationLock.self).withLock {
                    application.storage[ConfigurationKey.self] = Configuration(authenticator: authenticator)
                    guard prewarmsKeys || refreshesKeysInBackground,
                        application.storage[LifecycleRegisteredKey.self] != true
                    else { return }
                    application.storage[LifecycleRegisteredKey.self] = true
                    application.lifecycle.use(
                        ClerkKeyLifecycleHandler(
                            prewarmsKeys: prewarmsKeys,
                            refreshesKeysInBackground: refreshesKeysInBackground))
                }
            }
        }
    }
#endif
